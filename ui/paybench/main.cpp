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

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    paybench::setApplicationIdentity();
    // Matches packaging/linux/io.github.paybench.Paybench.desktop, so docks group the window.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.paybench.Paybench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Test bench for Openfront custom payment providers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("workspace"),
        QStringLiteral("The workspace file to open (default: the last one, or the sample)."),
        QStringLiteral("[WORKSPACE]"));
    const QCommandLineOption smoke(
        QStringLiteral("smoke"),
        QStringLiteral("Open the window, wait until it is painted once and exit: 0 when "
                       "everything loaded, 1 when not."));
    parser.addOption(smoke);
    parser.process(app);
    if (parser.positionalArguments().size() > 1) {
        std::fputs("paybench: at most one workspace file\n", stderr);
        return 2;
    }

    // The workspace is read on a worker thread from here on, while the window is built.
    const bool smokeRun = parser.isSet(smoke);
    QString path = parser.positionalArguments().value(0);
    QString startupError;
    if (path.isEmpty()) {
        // A smoke run touches no user data: the given file or the built-in sample, no recent
        // files, no first-start copy.
        path = smokeRun
                   ? paybench::sampleWorkspaceResource()
                   : paybench::startupWorkspacePath(paybench::sampleWorkspaceJson(), &startupError);
    }
    std::optional<paybench::WorkspaceLoader> load;
    if (!path.isEmpty())
        load.emplace(path);

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
