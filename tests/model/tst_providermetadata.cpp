#include "ProviderMetadata.h"
#include "WorkspaceFile.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>
#include <vector>

using paybench::ProviderMetadata;

class ProviderMetadataTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_readsAsTheObjectItHolds()
    {
        const ProviderMetadata metadata = ProviderMetadata::fromCheckedText(
            R"({"tier": "gold", "limits": [1, 2.5], "nested": {"on": true}})");
        const QJsonObject expected{{QStringLiteral("tier"), QStringLiteral("gold")},
                                   {QStringLiteral("limits"), QJsonArray{1, 2.5}},
                                   {QStringLiteral("nested"), QJsonObject{{"on", true}}}};
        QCOMPARE(metadata.object(), expected);
        QVERIFY(metadata == ProviderMetadata(expected));
        QVERIFY(!metadata.isEmpty());
    }

    void none_emptyText_andEmptyObject_areAllEmptyAndEqual()
    {
        const ProviderMetadata none;
        const ProviderMetadata emptyText = ProviderMetadata::fromCheckedText("{ }");
        const ProviderMetadata emptyObject{QJsonObject()};
        QVERIFY(none.isEmpty() && emptyText.isEmpty() && emptyObject.isEmpty());
        QVERIFY(none == emptyText && emptyText == emptyObject);
        QVERIFY(none != ProviderMetadata(QJsonObject{{QStringLiteral("a"), 1}}));
    }

    // Copies share the text; the first look inside, from however many threads at once, parses
    // it once and all see the same object.
    void copies_lookInsideFromManyThreads_seeOneObject()
    {
        const ProviderMetadata original =
            ProviderMetadata::fromCheckedText(R"({"shard": 7, "team": "payments"})");
        const ProviderMetadata copy = original;
        std::vector<std::thread> threads;
        std::vector<QJsonObject> seen(8);
        for (size_t i = 0; i < seen.size(); ++i) {
            threads.emplace_back([&, i] { seen[i] = (i % 2 ? copy : original).object(); });
        }
        for (std::thread &thread : threads)
            thread.join();
        for (const QJsonObject &object : seen)
            QCOMPARE(object.value(QLatin1String("shard")).toInt(), 7);
        QCOMPARE(&original.object(), &copy.object());
    }

    // Kept as text while the workspace is read; what is saved is what was read.
    void workspaceFile_keepsMetadataThroughReadAndWrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.json"));
        paybench::Workspace workspace = paybench::Workspace::createEmpty();
        paybench::ProviderInstance provider;
        provider.name = QStringLiteral("Shop");
        provider.code = QStringLiteral("pp_shop");
        provider.metadata = QJsonObject{{QStringLiteral("shard"), 5},
                                        {QStringLiteral("tags"), QJsonArray{"a", "b"}}};
        workspace.providers.append(provider);
        QString error;
        QVERIFY2(paybench::saveWorkspaceFile(workspace, path, &error), qPrintable(error));
        const paybench::WorkspaceLoadResult read = paybench::loadWorkspaceFile(path);
        QVERIFY2(read.workspace, qPrintable(read.error));
        QCOMPARE(read.workspace->providers.at(0).metadata, provider.metadata);
        QCOMPARE(paybench::workspaceToJson(*read.workspace), paybench::workspaceToJson(workspace));
    }
};

QTEST_GUILESS_MAIN(ProviderMetadataTest)
#include "tst_providermetadata.moc"
