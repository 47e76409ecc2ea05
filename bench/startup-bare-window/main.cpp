// The baseline for bench/startup-bench.sh: a bare Qt main window that exits once painted, the
// same way `paybench --smoke` does. Paybench's start-up is measured against it.
#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QTimer>

namespace {

class FirstPaintWatcher final : public QObject
{
public:
    explicit FirstPaintWatcher(QWidget *window) : m_window(window) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (!m_done && event->type() == QEvent::Paint && watched->isWidgetType() &&
            static_cast<QWidget *>(watched)->window() == m_window) {
            m_done = true;
            QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget *m_window;
    bool m_done = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setCentralWidget(new QLabel(QStringLiteral("bare window"), &window));
    window.resize(1200, 780);
    app.installEventFilter(new FirstPaintWatcher(&window));
    QTimer::singleShot(60000, &app, [] { QCoreApplication::exit(3); });
    window.show();
    return QApplication::exec();
}
