#include "ClearButton.h"

#include <QAction>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

class ClearButtonTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void button_showsOnlyWhileThereIsText()
    {
        QLineEdit edit;
        paybench::addClearButton(&edit);
        auto *clear = edit.findChild<QAction *>(QStringLiteral("clearText"));
        QVERIFY(clear);
        QVERIFY(!clear->isVisible());
        edit.setText(QStringLiteral("pp_demo"));
        QVERIFY(clear->isVisible());
        edit.setText(QString());
        QVERIFY(!clear->isVisible());
    }

    void readOnlyField_offersNoClear()
    {
        QLineEdit edit;
        edit.setReadOnly(true);
        edit.setText(QStringLiteral("https://shop.example/api/graphql"));
        paybench::addClearButton(&edit);
        auto *clear = edit.findChild<QAction *>(QStringLiteral("clearText"));
        QVERIFY(clear);
        QVERIFY(!clear->isVisible());
    }

    void clear_isAnEdit_thatUndoBringsBack()
    {
        QLineEdit edit;
        edit.setText(QStringLiteral("/etc/ssl/ca.pem"));
        paybench::addClearButton(&edit);
        auto *clear = edit.findChild<QAction *>(QStringLiteral("clearText"));
        QVERIFY(clear && clear->isVisible());
        QSignalSpy edited(&edit, &QLineEdit::textEdited);

        clear->trigger();
        QCOMPARE(edit.text(), QString());
        QCOMPARE(edited.size(), 1);
        QVERIFY(!clear->isVisible());
        edit.undo();
        QCOMPARE(edit.text(), QStringLiteral("/etc/ssl/ca.pem"));
    }
};

QTEST_MAIN(ClearButtonTest)
#include "tst_clearbutton.moc"
