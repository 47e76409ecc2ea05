#include "SymbolicIcon.h"

#include <QGuiApplication>
#include <QIconEngine>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QPixmapCache>

#include <array>

namespace paybench {
namespace {

// The sizes rendered by resources/icons/symbolic/render.sh.
constexpr std::array<int, 4> kSizes = {16, 24, 32, 48};

QString baseName(Symbol symbol)
{
    switch (symbol) {
    case Symbol::NewWorkspace:
        return QStringLiteral("new-workspace");
    case Symbol::Open:
        return QStringLiteral("open");
    case Symbol::Save:
        return QStringLiteral("save");
    case Symbol::Undo:
        return QStringLiteral("undo");
    case Symbol::Redo:
        return QStringLiteral("redo");
    case Symbol::Platform:
        return QStringLiteral("platform");
    case Symbol::Provider:
        return QStringLiteral("provider");
    case Symbol::Region:
        return QStringLiteral("region");
    case Symbol::Group:
        return QStringLiteral("group");
    case Symbol::Remove:
        return QStringLiteral("remove");
    case Symbol::Close:
        return QStringLiteral("close");
    case Symbol::Error:
        return QStringLiteral("error");
    case Symbol::Warning:
        return QStringLiteral("warning");
    }
    return {};
}

// A black shape recoloured on demand; each size is read from the resources when first drawn.
class SymbolicIconEngine final : public QIconEngine
{
public:
    SymbolicIconEngine(QString name, QColor color) : m_name(std::move(name)), m_color(color) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap drawn = pixmap((QSizeF(rect.size()) * ratio).toSize(), mode, state);
        drawn.setDevicePixelRatio(ratio);
        painter->drawPixmap(rect, drawn);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State /*state*/) override
    {
        const int side = qMin(size.width(), size.height());
        if (side <= 0)
            return {};
        const QColor color = colorFor(mode);
        const QString key = QStringLiteral("paybench-symbolic:%1:%2:%3")
                                .arg(m_name)
                                .arg(side)
                                .arg(color.rgba(), 0, 16);
        QPixmap cached;
        if (QPixmapCache::find(key, &cached))
            return cached;
        QImage image = shape(side);
        if (image.isNull())
            return {};
        QPainter tint(&image);
        tint.setCompositionMode(QPainter::CompositionMode_SourceIn);
        tint.fillRect(image.rect(), color);
        tint.end();
        cached = QPixmap::fromImage(std::move(image));
        QPixmapCache::insert(key, cached);
        return cached;
    }

    QSize actualSize(const QSize &size, QIcon::Mode /*mode*/, QIcon::State /*state*/) override
    {
        const int side = qMin(size.width(), size.height());
        return {side, side};
    }

    QList<QSize> availableSizes(QIcon::Mode /*mode*/, QIcon::State /*state*/) override
    {
        QList<QSize> sizes;
        for (const int size : kSizes)
            sizes.append(QSize(size, size));
        return sizes;
    }

    QIconEngine *clone() const override { return new SymbolicIconEngine(m_name, m_color); }
    QString key() const override { return QStringLiteral("paybench-symbolic"); }
    QString iconName() override { return m_name; }

private:
    QColor colorFor(QIcon::Mode mode) const
    {
        const QPalette palette = QGuiApplication::palette();
        if (mode == QIcon::Disabled)
            return palette.color(QPalette::Disabled, QPalette::WindowText);
        if (m_color.isValid())
            return m_color;
        return palette.color(QPalette::Active, mode == QIcon::Selected ? QPalette::HighlightedText
                                                                       : QPalette::WindowText);
    }

    // The smallest rendered size at least as big (drawn exactly), else the biggest, scaled.
    QImage shape(int side) const
    {
        int source = kSizes.back();
        for (const int size : kSizes) {
            if (size >= side) {
                source = size;
                break;
            }
        }
        QImage image(QStringLiteral(":/paybench/symbolic/%1-%2.png").arg(m_name).arg(source),
                     "PNG");
        if (image.isNull())
            return {};
        if (source != side)
            image = image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    }

    QString m_name;
    QColor m_color;
};

} // namespace

QIcon symbolicIcon(Symbol symbol, const QColor &color)
{
    return QIcon(new SymbolicIconEngine(baseName(symbol), color));
}

} // namespace paybench
