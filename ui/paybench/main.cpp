// The Paybench window: `paybench [WORKSPACE] [--smoke]`.
#include "ApplicationIdentity.h"
#include "MainWindow.h"
#include "SampleWorkspace.h"
#include "StartupWorkspace.h"
#include "Workbench.h"
#include "WorkspaceLoader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QPixmap>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <optional>
#include <utility>

namespace {

// Runs a function at the next paint of the window (queued, so that the paint in progress
// completes and reaches the screen first), once armed.
class FirstPaintWatcher final : public QObject
{
public:
    explicit FirstPaintWatcher(QWidget *window) : QObject(window), m_window(window)
    {
        QCoreApplication::instance()->installEventFilter(this);
    }

    void arm(std::function<void()> painted)
    {
        m_painted = std::move(painted);
        m_window->update();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (m_painted && event->type() == QEvent::Paint && watched->isWidgetType() &&
            static_cast<QWidget *>(watched)->window() == m_window) {
            QTimer::singleShot(0, this, std::exchange(m_painted, nullptr));
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget *m_window;
    std::function<void()> m_painted;
};

// The window's command line: `paybench [WORKSPACE] [--smoke]`.
class CommandLine final
{
public:
    CommandLine()
        : m_help(m_parser.addHelpOption()), m_version(m_parser.addVersionOption()),
          m_smoke(QStringLiteral("smoke"),
                  QStringLiteral("Open the window, wait until it is painted once and exit: 0 "
                                 "when everything loaded, 1 when not."))
    {
        m_parser.setApplicationDescription(
            QStringLiteral("Test bench for Openfront custom payment providers."));
        m_parser.addPositionalArgument(
            QStringLiteral("workspace"),
            QStringLiteral("The workspace file to open (default: the last one, or the sample)."),
            QStringLiteral("[WORKSPACE]"));
        m_parser.addOption(m_smoke);
    }

    // Before the QApplication exists, from the raw arguments: true when they ask to open a
    // window. Qt's own options (-style, -platform) are not known here and make this false.
    bool peek(int argc, char *argv[])
    {
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments << QString::fromLocal8Bit(argv[i]);
        return m_parser.parse(arguments) && !m_parser.isSet(m_help) &&
               !m_parser.isSet(QStringLiteral("help-all")) && !m_parser.isSet(m_version) &&
               m_parser.positionalArguments().size() <= 1;
    }

    // The arguments as the application has them; --help, --version and errors end the process.
    void process(const QCoreApplication &app) { m_parser.process(app); }

    [[nodiscard]] QStringList workspaces() const { return m_parser.positionalArguments(); }
    [[nodiscard]] bool smoke() const { return m_parser.isSet(m_smoke); }

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    QCommandLineOption m_smoke;
};

// The file this start opens: the one named, else the last one used or the sample's copy. A
// smoke run touches no user data: the given file or the built-in sample, no recent files, no
// first-start copy.
QString workspaceToOpen(const QString &named, bool smoke, QString *error)
{
    if (!named.isEmpty())
        return named;
    return smoke ? paybench::sampleWorkspaceResource()
                 : paybench::startupWorkspacePath(paybench::sampleWorkspaceJson(), error);
}

} // namespace

int main(int argc, char *argv[])
{
    paybench::setApplicationIdentity();

    // The workspace is read on a worker thread from here on, while the application connects to
    // the display and the window is built: a large file is then ready about when the window is.
    // The application's own reading of the arguments below is the one that counts; when it
    // differs (Qt's options, another code page on Windows), this early start is dropped.
    CommandLine commandLine;
    const bool peeked = commandLine.peek(argc, argv);
    const QString peekedName = commandLine.workspaces().value(0);
    const bool peekedSmoke = commandLine.smoke();
    QString startupError;
    QString path;
    std::optional<paybench::WorkspaceLoader> load;
    const auto startLoading = [&](const QString &name, bool smoke) {
        startupError.clear();
        path = workspaceToOpen(name, smoke, &startupError);
        load.reset();
        if (!path.isEmpty())
            load.emplace(path);
    };
    if (peeked)
        startLoading(peekedName, peekedSmoke);

    QApplication app(argc, argv);
    // Matches packaging/linux/io.github.paybench.Paybench.desktop, so docks group the window.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.paybench.Paybench"));
    commandLine.process(app);
    if (commandLine.workspaces().size() > 1) {
        std::fputs("paybench: at most one workspace file\n", stderr);
        return 2;
    }
    const bool smokeRun = commandLine.smoke();
    if (!peeked || commandLine.workspaces().value(0) != peekedName || smokeRun != peekedSmoke)
        startLoading(commandLine.workspaces().value(0), smokeRun);

    paybench::MainWindow window;
    paybench::Workbench workbench(&window);
    auto *watcher = new FirstPaintWatcher(&window);
    if (smokeRun) {
        // It ends at the first paint after the workspace loaded.
        QObject::connect(&window, &paybench::MainWindow::openFinished, watcher,
                         [watcher, path](bool ok, const QString &error) {
                             if (!ok)
                                 std::fprintf(stderr, "paybench: %s: %s\n", qPrintable(path),
                                              qPrintable(error));
                             watcher->arm([ok] { QCoreApplication::exit(ok ? 0 : 1); });
                         });
        QTimer::singleShot(60000, &app, [] {
            std::fputs("paybench: the window was not painted within 60 s\n", stderr);
            QCoreApplication::exit(3);
        });
        window.openFileInBackground(*load, false);
    } else {
        // What the first screen does not show waits until it is painted: the demo gateway
        // (listening, binding its port) and the icon. The icon's format is named, so that Qt
        // does not load every image plugin to guess it.
        watcher->arm([&workbench] {
            QApplication::setWindowIcon(
                QIcon(QPixmap(QStringLiteral(":/paybench/icons/paybench-256.png"), "PNG")));
            workbench.startDemoGateway();
        });
        if (load)
            window.openFileInBackground(*load); // a failure is shown in the window
        else
            std::fprintf(stderr, "paybench: %s\n", qPrintable(startupError));
    }
    window.show();
    return QApplication::exec();
}
