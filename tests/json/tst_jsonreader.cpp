#include "JsonReader.h"

#include <QTest>

using paybench::json::JsonReader;
using Kind = JsonReader::Kind;

class TestJsonReader : public QObject
{
    Q_OBJECT

private slots:
    void walk_readsMembersAndItemsInDocumentOrder()
    {
        const QByteArray text = R"( {"name": "shop", "items": [1, "two", true, null, {"k": []}],
                                     "last": false} )";
        JsonReader reader(text);
        QVERIFY(reader.startDocument());
        QCOMPARE(reader.next(), Kind::Object);
        QVERIFY(reader.enterObject());
        QString name;
        QVERIFY(reader.nextMember(&name));
        QCOMPARE(name, QStringLiteral("name"));
        QCOMPARE(reader.next(), Kind::String);
        QCOMPARE(reader.readString(), QStringLiteral("shop"));
        QVERIFY(reader.nextMember(&name));
        QCOMPARE(name, QStringLiteral("items"));
        QVERIFY(reader.enterArray());
        QVERIFY(reader.nextItem());
        QCOMPARE(reader.next(), Kind::Number);
        QCOMPARE(reader.readNumber(), 1.0);
        QVERIFY(reader.nextItem());
        QCOMPARE(reader.readString(), QStringLiteral("two"));
        QVERIFY(reader.nextItem());
        QCOMPARE(reader.next(), Kind::Bool);
        QVERIFY(reader.readBool());
        QVERIFY(reader.nextItem());
        QCOMPARE(reader.next(), Kind::Null);
        QVERIFY(reader.readValue().type() == paybench::json::OrderedValue::Type::Null);
        QVERIFY(reader.nextItem());
        // A value the caller does not need is read whole and dropped.
        QCOMPARE(reader.next(), Kind::Object);
        QVERIFY(reader.readValue().member(QLatin1String("k")));
        QVERIFY(!reader.nextItem());
        QVERIFY(reader.nextMember(&name));
        QCOMPARE(name, QStringLiteral("last"));
        QVERIFY(!reader.readBool());
        QVERIFY(!reader.nextMember(&name));
        QVERIFY(reader.endDocument());
        QVERIFY(!reader.failed());
    }

    void emptyContainers_endAtOnce()
    {
        JsonReader reader("{\"a\":[],\"b\":{}}");
        QVERIFY(reader.startDocument() && reader.enterObject());
        QString name;
        QVERIFY(reader.nextMember(&name));
        QVERIFY(reader.enterArray());
        QVERIFY(!reader.nextItem());
        QVERIFY(reader.nextMember(&name));
        QVERIFY(reader.enterObject());
        QVERIFY(!reader.nextMember(&name));
        QVERIFY(!reader.nextMember(&name));
        QVERIFY(reader.endDocument());
    }

    void syntaxError_stopsTheReader_andSaysWhere()
    {
        JsonReader reader("{\"a\": 1,\n \"b\" 2}");
        QVERIFY(reader.startDocument() && reader.enterObject());
        QString name;
        QVERIFY(reader.nextMember(&name));
        QCOMPARE(reader.readNumber(), 1.0);
        QVERIFY(!reader.nextMember(&name));
        QVERIFY(reader.failed());
        QCOMPARE(reader.error(),
                 QStringLiteral("unexpected character '2' where ':' was expected at line 2, "
                                "column 6"));
        // Every later call gives up at once and keeps the first error.
        QVERIFY(!reader.nextMember(&name));
        QVERIFY(reader.readString().isEmpty());
        QVERIFY(!reader.enterArray());
        QVERIFY(!reader.endDocument());
        QCOMPARE(reader.errorOffset(), 14);
    }

    void missingComma_betweenItems_isAnError()
    {
        JsonReader reader("[1 2]");
        QVERIFY(reader.startDocument() && reader.enterArray());
        QVERIFY(reader.nextItem());
        reader.readNumber();
        QVERIFY(!reader.nextItem());
        QVERIFY(reader.error().startsWith(
            QStringLiteral("unexpected character '2' where ',' or ']' was expected")));
    }

    void trailingText_andEmptyDocument_areErrors()
    {
        JsonReader trailing("{} x");
        QVERIFY(trailing.startDocument());
        trailing.readValue();
        QVERIFY(!trailing.endDocument());
        QVERIFY(trailing.error().contains(QLatin1String("after the end of the document")));

        JsonReader empty(" \n ");
        QVERIFY(!empty.startDocument());
        QVERIFY(empty.error().startsWith(QLatin1String("empty document")));
    }

    void nesting_isLimited()
    {
        JsonReader deepEnough(QByteArray(256, '[') + QByteArray(256, ']'));
        QVERIFY(deepEnough.startDocument());
        deepEnough.readValue();
        QVERIFY2(deepEnough.endDocument(), qPrintable(deepEnough.error()));

        JsonReader tooDeep(QByteArray(257, '[') + QByteArray(257, ']'));
        QVERIFY(tooDeep.startDocument());
        tooDeep.readValue();
        QVERIFY(tooDeep.error().startsWith(QLatin1String("nesting deeper than 256 levels")));
    }

    // Values asked for as shared come from the same table as member names: a repeated short
    // value is one string, a long or escaped one is its own.
    void sharedStrings_areOneCopy_andStillRight()
    {
        JsonReader reader(R"(["apiKey", "apiKey", "a\"b", ")" + QByteArray(40, 'x') + "\"]");
        QVERIFY(reader.startDocument() && reader.enterArray());
        QVERIFY(reader.nextItem());
        const QString first = reader.readString(true);
        QVERIFY(reader.nextItem());
        const QString second = reader.readString(true);
        QCOMPARE(second, QStringLiteral("apiKey"));
        QCOMPARE(first.constData(), second.constData());
        QVERIFY(reader.nextItem());
        QCOMPARE(reader.readString(true), QStringLiteral("a\"b"));
        QVERIFY(reader.nextItem());
        QCOMPARE(reader.readString(true), QString(40, QLatin1Char('x')));
        QVERIFY(!reader.nextItem());
        QVERIFY(reader.endDocument());
    }

    void wrongKindAsked_isAnError()
    {
        JsonReader reader("[\"text\"]");
        QVERIFY(reader.startDocument() && reader.enterArray() && reader.nextItem());
        QCOMPARE(reader.next(), Kind::String);
        reader.readNumber();
        QVERIFY(reader.failed());
        QVERIFY(reader.error().startsWith(QLatin1String("unexpected character '\"'")));
    }
};

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
