#include "JsonReader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
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

    // The same value read as Qt's JSON and as an ordered tree converted to it: equal, numbers as
    // doubles, a repeated member's last value kept.
    void jsonValue_isTheOrderedTreeAsQtJson()
    {
        const QByteArray text = R"({"n": 1, "big": 12345678901234567890, "s": "caf\u00e9",
                                    "list": [true, null, {"deep": [1.5, -0.0]}], "n": 2,
                                    "empty": {}, "none": []})";
        JsonReader direct(text);
        QVERIFY(direct.startDocument());
        const QJsonValue value = direct.readJsonValue();
        QVERIFY2(direct.endDocument(), qPrintable(direct.error()));
        JsonReader ordered(text);
        QVERIFY(ordered.startDocument());
        const QJsonValue converted = ordered.readValue().toQJson();
        QVERIFY(ordered.endDocument());
        QCOMPARE(value, converted);
        QCOMPARE(value[QLatin1String("n")].toDouble(), 2.0);
        QCOMPARE(value[QLatin1String("big")].toDouble(), 12345678901234567890.0);
        QCOMPARE(value[QLatin1String("s")].toString(), QStringLiteral("caf\u00e9"));
        QVERIFY(value[QLatin1String("list")][2][QLatin1String("deep")][1].isDouble());

        JsonReader broken(R"({"a": [1, {"b": tru}]})");
        QVERIFY(broken.startDocument());
        QVERIFY(broken.readJsonValue().isNull());
        QVERIFY(broken.failed());
        QVERIFY2(broken.error().contains(QLatin1String("column")), qPrintable(broken.error()));
    }

    // A value's text, checked but not built: exactly the bytes of the value, nested or not.
    void rawValue_isTheValuesOwnText_checked()
    {
        const QByteArray text = "{\"a\": {\"b\": [1, \"x\\\"y\", null]} , \"c\":  true }";
        JsonReader reader(text);
        QVERIFY(reader.startDocument() && reader.enterObject());
        QAnyStringView name;
        QVERIFY(reader.nextMember(&name));
        QCOMPARE(reader.readRawValue(), QByteArray("{\"b\": [1, \"x\\\"y\", null]}"));
        QVERIFY(reader.nextMember(&name));
        QCOMPARE(reader.readRawValue(), QByteArray("true"));
        QVERIFY(!reader.nextMember(&name));
        QVERIFY2(reader.endDocument(), qPrintable(reader.error()));

        JsonReader broken("[{\"b\": \"\\q\"}]");
        QVERIFY(broken.startDocument());
        QCOMPARE(broken.readRawValue(), QByteArray());
        QVERIFY(broken.failed());

        // Skipped values are checked all the same.
        JsonReader skipped("{\"unknown\": [1, {\"x\": nul}], \"known\": 1}");
        QVERIFY(skipped.startDocument() && skipped.enterObject());
        QVERIFY(skipped.nextMember(&name));
        skipped.skipValue();
        QVERIFY(skipped.failed());
        QVERIFY(!skipped.nextMember(&name));
    }

    // Names that are only compared come as views: straight from the text when plain, decoded
    // when escaped or not ASCII.
    void memberNameViews_plainEscapedAndNonAscii_readRight()
    {
        const QByteArray text = "{\"plain\": 1, \"esc\\u0041ped\": {\"inner\": 2}, "
                                "\"caf\\u00e9\": 3, \"na\xc3\xafve\": 4, \"\": 5}";
        JsonReader reader(text);
        QVERIFY(reader.startDocument() && reader.enterObject());
        QStringList names;
        QAnyStringView name;
        while (reader.nextMember(&name)) {
            names << name.toString();
            if (reader.next() == Kind::Object) {
                QVERIFY(reader.enterObject());
                QVERIFY(reader.nextMember(&name));
                QCOMPARE(name, QLatin1String("inner"));
                reader.readNumber();
                QVERIFY(!reader.nextMember(&name));
            } else {
                reader.readNumber();
            }
        }
        QVERIFY2(reader.endDocument(), qPrintable(reader.error()));
        QCOMPARE(names, (QStringList{QStringLiteral("plain"), QStringLiteral("escAped"),
                                     QStringLiteral("caf\u00e9"), QStringLiteral("na\u00efve"),
                                     QString()}));
    }

    // Plain text is scanned eight bytes at a time: whatever ends the run, at whatever place in
    // or after a block of eight, the string reads the same.
    void strings_withASpecialCharacterAnywhere_readRight()
    {
        struct Special {
            QByteArray json;
            QString text;
        };
        const QVector<Special> specials = {
            {"\\n", QStringLiteral("\n")},          {"\\\"", QStringLiteral("\"")},
            {"\\\\", QStringLiteral("\\")},         {"\\u0041", QStringLiteral("A")},
            {"\xc3\xa9", QStringLiteral("\u00e9")}, {"\x7f", QString(QChar(0x7f))},
        };
        for (int length = 1; length <= 24; ++length) {
            for (int at = 0; at < length; ++at) {
                for (const Special &special : specials) {
                    const QByteArray json = "[\"" + QByteArray(at, 'a') + special.json +
                                            QByteArray(length - at - 1, 'b') + "\"]";
                    const QString expected = QString(at, QLatin1Char('a')) + special.text +
                                             QString(length - at - 1, QLatin1Char('b'));
                    JsonReader reader(json);
                    QVERIFY(reader.startDocument() && reader.enterArray() && reader.nextItem());
                    QCOMPARE(reader.readString(), expected);
                    QVERIFY(!reader.nextItem());
                    QVERIFY2(reader.endDocument(), qPrintable(reader.error()));

                    JsonReader names("{\"" + json.mid(2, json.size() - 4) + "\": 0}");
                    QAnyStringView name;
                    QVERIFY(names.startDocument() && names.enterObject());
                    QVERIFY2(names.nextMember(&name), qPrintable(names.error()));
                    QCOMPARE(name.toString(), expected);
                }
                // A raw control character is an error wherever it stands.
                JsonReader reader("[\"" + QByteArray(at, 'a') + '\x01' +
                                  QByteArray(length - at - 1, 'b') + "\"]");
                QVERIFY(reader.startDocument() && reader.enterArray() && reader.nextItem());
                reader.readString();
                QVERIFY(reader.failed());
                QVERIFY2(reader.error().startsWith(QLatin1String("control character 0x01")),
                         qPrintable(reader.error()));
            }
        }
    }

    // Indentation is skipped eight spaces at a time: runs of every length, mixed with tabs and
    // line ends, and whitespace up to the end of the text.
    void whitespace_ofAnyLength_isSkipped()
    {
        for (int spaces = 0; spaces <= 40; ++spaces) {
            const QByteArray indent(spaces, ' ');
            const QByteArray json =
                "[" + indent + "1,\n" + indent + "\t\r\n" + indent + "2" + indent + "]" + indent;
            JsonReader reader(json);
            QVERIFY(reader.startDocument() && reader.enterArray());
            QVERIFY(reader.nextItem());
            QCOMPARE(reader.readNumber(), 1.0);
            QVERIFY(reader.nextItem());
            QCOMPARE(reader.readNumber(), 2.0);
            QVERIFY(!reader.nextItem());
            QVERIFY2(reader.endDocument(), qPrintable(reader.error()));
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
