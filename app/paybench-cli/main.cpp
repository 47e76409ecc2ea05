#include "ApplicationIdentity.h"
#include "Cli.h"
#include "TerminalPrompt.h"

#include <QCoreApplication>
#include <QFile>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    paybench::setApplicationIdentity();

    QFile in;
    QFile out;
    QFile err;
    if (!in.open(stdin, QIODevice::ReadOnly) || !out.open(stdout, QIODevice::WriteOnly) ||
        !err.open(stderr, QIODevice::WriteOnly))
        return 2;
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    return paybench::cli::runCli(arguments, in, out, err, paybench::processEnvironment(),
                                 &paybench::cli::askOnTerminal);
}
