#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace paybench::ui {

// Openfront › Connection: the store's GraphQL URL and its API key (typed masked; kept in the
// secret store, never in the workspace file). It only shows and asks: OpenfrontController
// answers testRequested and saveRequested and reports back with showBusy and showResult.
class OpenfrontConnectionDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit OpenfrontConnectionDialog(QWidget *parent = nullptr);

    void setUrl(const QString &url);
    [[nodiscard]] QString url() const;
    void setApiKey(const QString &apiKey);
    [[nodiscard]] QString apiKey() const;
    // Says whether the workspace holds a key already (then an empty field keeps it).
    void setKeyStored(bool stored);

    // While the store is asked: an indeterminate bar, the buttons off, what is being done.
    void showBusy(const QString &what);
    // The outcome line: ok in green, a failure in red, in the CLI's words.
    void showResult(bool ok, const QString &text);
    [[nodiscard]] QString resultText() const;
    [[nodiscard]] bool isBusy() const;

    QPushButton *testButton() const { return m_test; }
    QPushButton *saveButton() const { return m_save; }

signals:
    void testRequested();
    void saveRequested();

private:
    void setIdle(bool idle);

    QLineEdit *m_url;
    QLineEdit *m_key;
    QLabel *m_keyHint;
    QProgressBar *m_busy;
    QLabel *m_result;
    QPushButton *m_test;
    QPushButton *m_save;
    QPushButton *m_close;
};

} // namespace paybench::ui
