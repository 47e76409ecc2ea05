#pragma once

#include "Cli.h"

#include <QBuffer>
#include <QHash>
#include <QStringList>

namespace paybench::test {

// Drives paybench-cli in-process with its own stdin, stdout, stderr and environment.
struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

class CliRunner
{
public:
    QHash<QString, QString> environment{
        {QStringLiteral("PAYBENCH_SECRET_BACKEND"), QStringLiteral("vault")},
        {QStringLiteral("PAYBENCH_VAULT_PASSPHRASE"), QStringLiteral("cli test passphrase")},
    };

    CliRun run(const QStringList &arguments, const QByteArray &stdinBytes = {}) const
    {
        QByteArray inBytes = stdinBytes;
        QByteArray outBytes;
        QByteArray errBytes;
        QBuffer in(&inBytes);
        QBuffer out(&outBytes);
        QBuffer err(&errBytes);
        in.open(QIODevice::ReadOnly);
        out.open(QIODevice::WriteOnly);
        err.open(QIODevice::WriteOnly);
        const QHash<QString, QString> env = environment;
        CliRun result;
        result.exitCode = cli::runCli(arguments, in, out, err,
                                      [env](const QString &name) -> std::optional<QString> {
                                          const auto it = env.constFind(name);
                                          if (it == env.cend())
                                              return std::nullopt;
                                          return *it;
                                      });
        result.out = QString::fromUtf8(outBytes);
        result.err = QString::fromUtf8(errBytes);
        return result;
    }
};

} // namespace paybench::test
