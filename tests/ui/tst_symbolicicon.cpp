#include "SymbolicIcon.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QtTest>

using paybench::Symbol;
using paybench::symbolicIcon;

namespace {

constexpr Symbol kFirst = Symbol::NewWorkspace;
constexpr Symbol kLast = Symbol::Warning;

// The colour of the shape's most opaque pixel (invalid when nothing is drawn). At a rendered
// size the shape has fully opaque pixels, all of the tint.
QColor shapeColor(const QPixmap &pixmap)
{
    const QImage image = pixmap.toImage().convertToFormat(QImage::Format_ARGB32);
    QRgb most = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            if (qAlpha(pixel) > qAlpha(most))
                most = pixel;
        }
    }
    return qAlpha(most) > 0 ? QColor::fromRgba(most) : QColor();
}

void setTextColors(const QColor &text, const QColor &disabled, const QColor &selected)
{
    QPalette palette = QApplication::palette();
    palette.setColor(QPalette::Active, QPalette::WindowText, text);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
    palette.setColor(QPalette::Active, QPalette::HighlightedText, selected);
    QApplication::setPalette(palette);
}

} // namespace

class SymbolicIconTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setTextColors(Qt::black, Qt::gray, Qt::white); }

    void everySymbol_isDrawnAtEverySize()
    {
        for (int s = int(kFirst); s <= int(kLast); ++s) {
            const QIcon icon = symbolicIcon(Symbol(s));
            QVERIFY(!icon.isNull());
            for (const int size : {16, 20, 24, 32, 48, 64}) {
                const QPixmap pixmap = icon.pixmap(QSize(size, size));
                QCOMPARE(pixmap.size(), QSize(size, size));
                QVERIFY2(
                    shapeColor(pixmap).isValid(),
                    qPrintable(QStringLiteral("symbol %1 at %2 px is empty").arg(s).arg(size)));
            }
        }
    }

    void shape_takesThePaletteTextColour_andFollowsAChangeOfPalette()
    {
        const QIcon icon = symbolicIcon(Symbol::Save);
        setTextColors(Qt::red, Qt::gray, Qt::white);
        QCOMPARE(shapeColor(icon.pixmap(16)), QColor(Qt::red));
        setTextColors(Qt::blue, Qt::gray, Qt::white);
        QCOMPARE(shapeColor(icon.pixmap(16)), QColor(Qt::blue));
    }

    void disabledAndSelected_takeTheirOwnTextColours()
    {
        setTextColors(Qt::red, Qt::darkGreen, Qt::yellow);
        const QIcon icon = symbolicIcon(Symbol::Provider);
        QCOMPARE(shapeColor(icon.pixmap(QSize(16, 16), QIcon::Disabled)), QColor(Qt::darkGreen));
        QCOMPARE(shapeColor(icon.pixmap(QSize(16, 16), QIcon::Selected)), QColor(Qt::yellow));
    }

    void givenColour_isKept_unlessDisabled()
    {
        setTextColors(Qt::red, Qt::darkGreen, Qt::yellow);
        const QColor orange(0xef, 0x6c, 0x00);
        const QIcon icon = symbolicIcon(Symbol::Warning, orange);
        QCOMPARE(shapeColor(icon.pixmap(24)), orange);
        QCOMPARE(shapeColor(icon.pixmap(QSize(24, 24), QIcon::Selected)), orange);
        QCOMPARE(shapeColor(icon.pixmap(QSize(24, 24), QIcon::Disabled)), QColor(Qt::darkGreen));
    }

    // On a screen of device pixel ratio 2, a 16-pixel icon is drawn from the 32-pixel shape.
    void paintAtRatioTwo_usesTheShapeOfTwiceTheSize()
    {
        const QIcon icon = symbolicIcon(Symbol::Region);
        QImage canvas(32, 32, QImage::Format_ARGB32_Premultiplied);
        canvas.setDevicePixelRatio(2);
        canvas.fill(Qt::transparent);
        {
            QPainter painter(&canvas);
            icon.paint(&painter, QRect(0, 0, 16, 16));
        }
        QImage expected = icon.pixmap(QSize(32, 32)).toImage().convertToFormat(canvas.format());
        canvas.setDevicePixelRatio(1);
        expected.setDevicePixelRatio(1);
        QCOMPARE(canvas, expected);
    }
};

QTEST_MAIN(SymbolicIconTest)
#include "tst_symbolicicon.moc"
