#include "OrderedJson.h"

#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>

using paybench::json::OrderedValue;
using paybench::json::parse;
using paybench::json::prettyPrint;
using paybench::json::stringify;

class TestOrderedJson : public QObject
{
    Q_OBJECT

private slots:
    void parse_keepsMemberOrder()
    {
        const auto result = parse("{\"zeta\":1,\"alpha\":{\"b\":2,\"a\":3},\"mid\":[true,null]}");
        QVERIFY2(result.value, qPrintable(result.error));
        const auto &members = result.value->members();
        QCOMPARE(members.size(), 3);
        QCOMPARE(members.at(0).first, QStringLiteral("zeta"));
        QCOMPARE(members.at(1).first, QStringLiteral("alpha"));
        QCOMPARE(members.at(1).second.members().at(0).first, QStringLiteral("b"));
        QCOMPARE(stringify(*result.value),
                 QByteArray("{\"zeta\":1,\"alpha\":{\"b\":2,\"a\":3},\"mid\":[true,null]}"));
    }

    // Short member names are shared between documents from a small table: names that meet in
    // one slot, and long ones, must still come out as written.
    void parse_manyDistinctMemberNames_keepEachName()
    {
        // 32 characters: the longest name the table shares; 33: one past it.
        const auto first =
            parse("{\"" + QByteArray(32, 'a') + "\":1,\"" + QByteArray(33, 'b') + "\":2}");
        QVERIFY(first.value);
        const QString longName(40, QLatin1Char('n'));
        for (int round = 0; round < 2; ++round) {
            for (int i = 0; i < 500; ++i) {
                const QString name = QStringLiteral("key%1").arg(i);
                const QByteArray text = "{\"" + name.toLatin1() + "\":" + QByteArray::number(i) +
                                        ",\"" + longName.toLatin1() + "\":\"v" +
                                        QByteArray::number(i) + "\"}";
                const auto result = parse(text);
                QVERIFY(result.value);
                QCOMPARE(result.value->members().at(0).first, name);
                QCOMPARE(result.value->members().at(1).first, longName);
                QCOMPARE(result.value->members().at(1).second.toString(),
                         QStringLiteral("v%1").arg(i));
                QCOMPARE(stringify(*result.value), text);
            }
        }
        // Names given out earlier stay as they were after their table slots were reused.
        QCOMPARE(first.value->members().at(0).first, QString(32, QLatin1Char('a')));
        QCOMPARE(first.value->members().at(1).first, QString(33, QLatin1Char('b')));
    }

    void parse_duplicateKeys_lastWinsAtFirstPosition()
    {
        const auto result = parse("{\"a\":1,\"b\":2,\"a\":3}");
        QVERIFY(result.value);
        QCOMPARE(result.value->member(QStringLiteral("a"))->toDouble(), 3.0);
        // JSON.stringify(JSON.parse(...)) gives {"a":3,"b":2}.
        QCOMPARE(stringify(*result.value), QByteArray("{\"a\":3,\"b\":2}"));
    }

    void parse_rejectsInvalid_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("empty") << QByteArray("") << "empty document";
        QTest::newRow("spaces") << QByteArray("  \n ") << "empty document";
        QTest::newRow("trailing comma") << QByteArray("{\"a\":1,}") << "member name";
        QTest::newRow("array trailing comma") << QByteArray("[1,]") << "unexpected character ']'";
        QTest::newRow("single quotes") << QByteArray("{'a':1}") << "unexpected character '''";
        QTest::newRow("leading zero") << QByteArray("[01]") << "leading zero";
        QTest::newRow("plus sign") << QByteArray("+1") << "unexpected character '+'";
        QTest::newRow("bare dot") << QByteArray("1.") << "digit after '.'";
        QTest::newRow("NaN") << QByteArray("NaN") << "unexpected character 'N'";
        QTest::newRow("comment") << QByteArray("{} // x") << "after the end";
        QTest::newRow("two values") << QByteArray("1 2") << "after the end";
        QTest::newRow("raw newline in string") << QByteArray("\"a\nb\"") << "control character";
        QTest::newRow("bad escape") << QByteArray("\"\\x\"") << "not a JSON escape";
        QTest::newRow("bad unicode escape") << QByteArray("\"\\u12G4\"") << "invalid hex digit";
        QTest::newRow("unterminated") << QByteArray("\"abc") << "unterminated string";
        QTest::newRow("invalid utf8") << QByteArray("\"\xC3\x28\"") << "invalid UTF-8";
        QTest::newRow("overlong utf8") << QByteArray("\"\xC0\xAF\"") << "invalid UTF-8";
        QTest::newRow("utf8 surrogate") << QByteArray("\"\xED\xA0\x80\"") << "invalid UTF-8";
        QTest::newRow("missing colon") << QByteArray("{\"a\" 1}") << "':' was expected";
        QTest::newRow("html") << QByteArray("<html>") << "unexpected character '<'";
        QTest::newRow("truncated") << QByteArray("{\"a\":[1,2") << "unexpected end";
        QTest::newRow("deep") << QByteArray(300, '[') + QByteArray(300, ']') << "nesting deeper";
    }
    void parse_rejectsInvalid()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, errorPart);
        const auto result = parse(text);
        QVERIFY(!result.value);
        QVERIFY2(result.error.contains(errorPart), qPrintable(result.error));
        QVERIFY(result.offset >= 0);
    }

    void parse_errorPosition_givesLineAndColumn()
    {
        const auto result = parse("{\n  \"a\": 1,\n  \"b\": }\n");
        QVERIFY(!result.value);
        QCOMPARE(result.error, QStringLiteral("unexpected character '}' at line 3, column 8"));
        QCOMPARE(result.offset, 19);
    }

    void parse_nestingAtLimit_isAccepted()
    {
        const auto result = parse(QByteArray(256, '[') + QByteArray(256, ']'));
        QVERIFY2(result.value, qPrintable(result.error));
    }

    void parse_unicode_roundTrips()
    {
        const auto result = parse("\"caf\xC3\xA9 \\u00e9 \\ud83d\\ude00 \xF0\x9F\x98\x80 \\/\"");
        QVERIFY2(result.value, qPrintable(result.error));
        QCOMPARE(result.value->toString(),
                 QString::fromUtf8("caf\xC3\xA9 \xC3\xA9 \xF0\x9F\x98\x80 \xF0\x9F\x98\x80 /"));
    }

    void parse_byteOrderMark_isSkipped()
    {
        const auto result = parse("\xEF\xBB\xBF{\"a\":1}");
        QVERIFY2(result.value, qPrintable(result.error));
    }

    void parse_hugeExponent_becomesInfinityAsInJavaScript()
    {
        const auto result = parse("[1e400,-1e400,1e-400]");
        QVERIFY(result.value);
        QVERIFY(std::isinf(result.value->items().at(0).toDouble()));
        QVERIFY(result.value->items().at(1).toDouble() < 0);
        QCOMPARE(result.value->items().at(2).toDouble(), 0.0);
        QCOMPARE(stringify(*result.value), QByteArray("[null,null,0]"));
    }

    // Expected strings are what node's JSON.stringify prints for the same double.
    void stringify_numbers_matchJavaScript_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("zero") << 0.0 << QByteArray("0");
        QTest::newRow("negative zero") << -0.0 << QByteArray("0");
        QTest::newRow("integer") << 1999.0 << QByteArray("1999");
        QTest::newRow("negative") << -42.0 << QByteArray("-42");
        QTest::newRow("fraction") << 0.1 << QByteArray("0.1");
        QTest::newRow("sum") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
        QTest::newRow("cents") << 19.99 << QByteArray("19.99");
        QTest::newRow("1e21") << 1e21 << QByteArray("1e+21");
        QTest::newRow("below 1e21")
            << 999999999999999900000.0 << QByteArray("999999999999999900000");
        QTest::newRow("1e20") << 1e20 << QByteArray("100000000000000000000");
        QTest::newRow("1.5e21") << 1.5e21 << QByteArray("1.5e+21");
        QTest::newRow("max safe") << 9007199254740991.0 << QByteArray("9007199254740991");
        QTest::newRow("2^53+2") << 9007199254740994.0 << QByteArray("9007199254740994");
        QTest::newRow("1e-6") << 1e-6 << QByteArray("0.000001");
        QTest::newRow("1e-7") << 1e-7 << QByteArray("1e-7");
        QTest::newRow("1.5e-7") << 1.5e-7 << QByteArray("1.5e-7");
        QTest::newRow("123e-20") << 123e-20 << QByteArray("1.23e-18");
        QTest::newRow("0.000123") << 0.000123 << QByteArray("0.000123");
        QTest::newRow("max") << std::numeric_limits<double>::max()
                             << QByteArray("1.7976931348623157e+308");
        QTest::newRow("min normal")
            << std::numeric_limits<double>::min() << QByteArray("2.2250738585072014e-308");
        QTest::newRow("denormal") << std::numeric_limits<double>::denorm_min()
                                  << QByteArray("5e-324");
        QTest::newRow("pi") << 3.141592653589793 << QByteArray("3.141592653589793");
        QTest::newRow("123456.789") << 123456.789 << QByteArray("123456.789");
        QTest::newRow("1/3") << 1.0 / 3.0 << QByteArray("0.3333333333333333");
        QTest::newRow("2/3 negative") << -2.0 / 3.0 << QByteArray("-0.6666666666666666");
        QTest::newRow("100") << 100.0 << QByteArray("100");
        QTest::newRow("1.0000000000000002")
            << 1.0000000000000002 << QByteArray("1.0000000000000002");
        QTest::newRow("5e-7 negative") << -5e-7 << QByteArray("-5e-7");
        QTest::newRow("NaN") << std::nan("") << QByteArray("null");
        QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << QByteArray("null");
    }
    void stringify_numbers_matchJavaScript()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(stringify(OrderedValue::number(value)), expected);
    }

    void stringify_strings_escapeAsJavaScript_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QStringLiteral("abc") << QByteArray("\"abc\"");
        QTest::newRow("quote and backslash")
            << QStringLiteral("a\"b\\c") << QByteArray("\"a\\\"b\\\\c\"");
        QTest::newRow("short escapes")
            << QStringLiteral("\b\f\n\r\t") << QByteArray("\"\\b\\f\\n\\r\\t\"");
        QTest::newRow("control") << QString(QChar(0x01)) + QChar(0x1F)
                                 << QByteArray("\"\\u0001\\u001f\"");
        QTest::newRow("nul") << QString(QChar(0)) << QByteArray("\"\\u0000\"");
        QTest::newRow("slash not escaped") << QStringLiteral("a/b") << QByteArray("\"a/b\"");
        QTest::newRow("del literal") << QString(QChar(0x7F)) << QByteArray("\"\x7F\"");
        QTest::newRow("non-ascii literal")
            << QString::fromUtf8("\xC3\xA9\xE2\x82\xAC") << QByteArray("\"\xC3\xA9\xE2\x82\xAC\"");
        QTest::newRow("line separator literal")
            << QString(QChar(0x2028)) << QByteArray("\"\xE2\x80\xA8\"");
        QTest::newRow("emoji pair")
            << QString::fromUtf8("\xF0\x9F\x98\x80") << QByteArray("\"\xF0\x9F\x98\x80\"");
        QTest::newRow("lone high surrogate") << QString(QChar(0xD83D)) << QByteArray("\"\\ud83d\"");
        QTest::newRow("lone low surrogate")
            << QString(QChar(0xDE00)) + QLatin1Char('x') << QByteArray("\"\\ude00x\"");
    }
    void stringify_strings_escapeAsJavaScript()
    {
        QFETCH(QString, value);
        QFETCH(QByteArray, expected);
        QCOMPARE(stringify(OrderedValue::string(value)), expected);
    }

    void stringify_parsedDocument_isCompactInOrder()
    {
        const QByteArray text = "{ \"b\" : [ 1 , 2.50 , -0 , 1E2 ],\n \"a\" : { } , \"c\" : [ ] }";
        const auto result = parse(text);
        QVERIFY(result.value);
        QCOMPARE(stringify(*result.value), QByteArray("{\"b\":[1,2.5,0,100],\"a\":{},\"c\":[]}"));
    }

    void prettyPrint_indentsLikeJavaScript()
    {
        const auto result = parse("{\"b\":[1,{\"x\":null}],\"a\":{},\"c\":[],\"d\":\"e\"}");
        QVERIFY(result.value);
        QCOMPARE(prettyPrint(*result.value),
                 QByteArray("{\n  \"b\": [\n    1,\n    {\n      \"x\": null\n    }\n  ],\n"
                            "  \"a\": {},\n  \"c\": [],\n  \"d\": \"e\"\n}"));
        QCOMPARE(prettyPrint(*result.value, 0), stringify(*result.value));
    }

    // A value holds only its own type's payload: copies, moves and assignments between types,
    // and assigning a value its own child, keep every value intact.
    void value_copiesMovesAndAssignmentsAcrossTypes_keepTheirValue()
    {
        const auto parsed = parse(R"({"a":[1,"two",{"b":null}],"c":"text","d":true,"e":2.5})");
        QVERIFY(parsed.value);
        const OrderedValue original = *parsed.value;
        const QByteArray text = stringify(original);

        OrderedValue copy = original; // copy
        QCOMPARE(stringify(copy), text);
        OrderedValue moved = std::move(copy); // move
        QCOMPARE(stringify(moved), text);

        OrderedValue changing = OrderedValue::string(QStringLiteral("s"));
        for (const OrderedValue &next :
             {OrderedValue::number(3), OrderedValue::boolean(true), OrderedValue::null(), original,
              OrderedValue::array({OrderedValue::string(QStringLiteral("x"))}),
              OrderedValue::string(QStringLiteral("end"))}) {
            changing = next; // copy-assign over every type
            QCOMPARE(stringify(changing), stringify(next));
        }
        QCOMPARE(changing.toDouble(), 0.0);
        QCOMPARE(changing.items().size(), 0);
        QVERIFY(!changing.member(QStringLiteral("a")));

        OrderedValue self = original;
        const OrderedValue &alias = self;
        self = alias; // self-assignment
        QCOMPARE(stringify(self), text);
        self = *self.member(QStringLiteral("a")); // its own member
        QCOMPARE(stringify(self), QByteArray(R"([1,"two",{"b":null}])"));
        self = self.items().at(2); // its own item
        QCOMPARE(stringify(self), QByteArray(R"({"b":null})"));
        QCOMPARE(stringify(original), text); // shared payloads were never changed
    }

    void setMember_replacesInPlaceOrAppends()
    {
        OrderedValue object =
            OrderedValue::object({{QStringLiteral("x"), OrderedValue::number(1)},
                                  {QStringLiteral("y"), OrderedValue::number(2)}});
        object.setMember(QStringLiteral("x"), OrderedValue::string(QStringLiteral("one")));
        object.setMember(QStringLiteral("z"), OrderedValue::boolean(false));
        QCOMPARE(stringify(object), QByteArray("{\"x\":\"one\",\"y\":2,\"z\":false}"));
        QVERIFY(!object.member(QStringLiteral("missing")));
    }

    void qjsonConversion_roundTripsValues()
    {
        const auto result = parse("{\"b\":1,\"a\":[true,\"s\",null,{\"k\":2.5}]}");
        QVERIFY(result.value);
        const QJsonValue q = result.value->toQJson();
        QCOMPARE(q.toObject().value(QStringLiteral("b")).toInt(), 1);
        const OrderedValue back = OrderedValue::fromQJson(q);
        // QJsonObject sorts keys: "a" now comes first.
        QCOMPARE(stringify(back), QByteArray("{\"a\":[true,\"s\",null,{\"k\":2.5}],\"b\":1}"));
    }
};

QTEST_APPLESS_MAIN(TestOrderedJson)
#include "tst_orderedjson.moc"
