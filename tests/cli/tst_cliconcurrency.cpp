#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

namespace {

constexpr int kAddsPerShell = 50;

// Runs the built paybench-cli as a child process; its standard output, or nullopt on failure.
std::optional<QByteArray> cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(PAYBENCH_CLI_PATH), arguments);
    if (!process.waitForFinished(60'000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        qWarning() << arguments << process.readAllStandardError();
        return std::nullopt;
    }
    return process.readAllStandardOutput();
}

} // namespace

// Two "terminals" adding providers to one workspace at the same time, each command its own
// process: the workspace lock must make every add land.
class CliConcurrencyTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoShellsAddingAtOnce_loseNoUpdate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shared.json"));
        QVERIFY(cli({QStringLiteral("workspace"), QStringLiteral("init"), path}));
        QVERIFY(
            cli({QStringLiteral("platform"), QStringLiteral("add"), QStringLiteral("--workspace"),
                 path, QStringLiteral("--name"), QStringLiteral("G"), QStringLiteral("--base-url"),
                 QStringLiteral("https://pay.example.com")}));
        qputenv("PAYBENCH_LOCK_TIMEOUT", "120"); // a loaded CI machine, not a stuck holder

        // Each shell starts its next command as soon as the previous one ends.
        int running = 0;
        int failures = 0;
        QEventLoop loop;
        std::function<void(QChar, int)> next = [&](QChar shell, int index) {
            if (index > kAddsPerShell) {
                if (--running == 0)
                    loop.quit();
                return;
            }
            auto *process = new QProcess(&loop);
            connect(process, &QProcess::finished, &loop,
                    [&, process, shell, index](int exitCode, QProcess::ExitStatus status) {
                        if (status != QProcess::NormalExit || exitCode != 0) {
                            ++failures;
                            qWarning() << process->readAllStandardError();
                        }
                        process->deleteLater();
                        next(shell, index + 1);
                    });
            const QString code = QStringLiteral("pp_%1%2").arg(shell).arg(index);
            process->start(QStringLiteral(PAYBENCH_CLI_PATH),
                           {QStringLiteral("provider"), QStringLiteral("add"),
                            QStringLiteral("--workspace"), path, QStringLiteral("--name"), code,
                            QStringLiteral("--code"), code, QStringLiteral("--platform"),
                            QStringLiteral("G")});
        };
        running = 2;
        next(QLatin1Char('a'), 1);
        next(QLatin1Char('b'), 1);
        loop.exec();
        qunsetenv("PAYBENCH_LOCK_TIMEOUT");
        QCOMPARE(failures, 0);

        const std::optional<QByteArray> listed =
            cli({QStringLiteral("list"), QStringLiteral("--workspace"), path});
        QVERIFY(listed);
        QSet<QString> codes;
        for (const auto &provider :
             QJsonDocument::fromJson(*listed).object().value(QStringLiteral("providers")).toArray())
            codes.insert(provider.toObject().value(QStringLiteral("code")).toString());
        QCOMPARE(codes.size(), 2 * kAddsPerShell);
    }
};

QTEST_GUILESS_MAIN(CliConcurrencyTest)
#include "tst_cliconcurrency.moc"
