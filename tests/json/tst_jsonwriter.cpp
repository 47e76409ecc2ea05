#include "JsonWriter.h"
#include "OrderedJson.h"

#include <QTest>

using paybench::json::JsonWriter;
using paybench::json::parse;
using paybench::json::stringify;

// JsonWriter writes what stringify and prettyPrint write for the same document: the gateway's
// answers are written with it, and a person comparing them with JSON.stringify sees no difference.
class TestJsonWriter : public QObject
{
    Q_OBJECT

    // {"a":[1,{"b":"x\"y"},[],{}],"é":true,"n":null,"s":"\u00e9\ud83d\ude00\n"} written by hand.
    static void writeSample(JsonWriter &w)
    {
        w.beginObject();
        w.key(QLatin1String("a"));
        w.beginArray();
        w.number(1);
        w.beginObject();
        w.key(QStringLiteral("b"));
        w.string(QStringLiteral("x\"y"));
        w.endObject();
        w.beginArray();
        w.endArray();
        w.beginObject();
        w.endObject();
        w.endArray();
        w.key(QLatin1String("\xE9")); // Latin-1 é: written as UTF-8
        w.boolean(true);
        w.key(QLatin1String("n"));
        w.null();
        w.key(QLatin1String("s"));
        w.string(QString::fromUtf8("\xC3\xA9\xF0\x9F\x98\x80\n"));
        w.endObject();
    }

    static QByteArray sampleText()
    {
        return "{\"a\":[1,{\"b\":\"x\\\"y\"},[],{}],\"\xC3\xA9\":true,\"n\":null,"
               "\"s\":\"\xC3\xA9\xF0\x9F\x98\x80\\n\"}";
    }

private slots:
    void compact_nestedDocument_matchesStringify()
    {
        JsonWriter w;
        writeSample(w);
        const QByteArray written = w.take();
        QCOMPARE(written, sampleText());
        const auto parsed = parse(written);
        QVERIFY(parsed.value);
        QCOMPARE(written, stringify(*parsed.value));
    }

    // What node prints for JSON.stringify(sample, null, 2): empty containers stay on one line.
    void indented_nestedDocument_isWhatJavaScriptPrints()
    {
        JsonWriter w(2);
        writeSample(w);
        QCOMPARE(w.take(), QByteArray("{\n"
                                      "  \"a\": [\n"
                                      "    1,\n"
                                      "    {\n"
                                      "      \"b\": \"x\\\"y\"\n"
                                      "    },\n"
                                      "    [],\n"
                                      "    {}\n"
                                      "  ],\n"
                                      "  \"\xC3\xA9\": true,\n"
                                      "  \"n\": null,\n"
                                      "  \"s\": \"\xC3\xA9\xF0\x9F\x98\x80\\n\"\n"
                                      "}"));
        for (const int indent : {0, 4}) {
            JsonWriter empty(indent);
            empty.beginArray();
            empty.endArray();
            QCOMPARE(empty.take(), QByteArray("[]"));
        }
    }

    void latin1Text_needingEscapes_isEscaped()
    {
        JsonWriter w;
        w.beginArray();
        w.string(QLatin1String("tab\there \"q\" back\\slash \x01 \xFF"));
        w.endArray();
        QCOMPARE(w.take(), QByteArray("[\"tab\\there \\\"q\\\" back\\\\slash \\u0001 \xC3\xBF\"]"));
    }

    void longString_growsPastTheFirstBuffer()
    {
        const QString text(100'000, QLatin1Char('x'));
        JsonWriter w;
        w.string(text);
        QCOMPARE(w.take(), '"' + text.toLatin1() + '"');
    }

    void take_leavesAnEmptyWriterForTheNextDocument()
    {
        JsonWriter w;
        w.beginObject();
        w.key(QLatin1String("k"));
        w.number(0.5);
        w.endObject();
        QCOMPARE(w.take(), QByteArray("{\"k\":0.5}"));
        w.beginArray();
        w.number(-1e21);
        w.endArray();
        QCOMPARE(w.take(), QByteArray("[-1e+21]"));
        QCOMPARE(w.take(), QByteArray());
    }
};

QTEST_APPLESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
