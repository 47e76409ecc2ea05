#pragma once

#include <QWidget>

#include <functional>

class QVBoxLayout;

namespace paybench {

// A workbench tab whose panel is made when the tab is first shown, or when panel() is asked for
// it (a test, an action that needs the panel), so that start-up builds only the first screen.
class LazyPanelPage final : public QWidget
{
    Q_OBJECT
public:
    using Factory = std::function<QWidget *()>;

    // type: the class create() makes, so the page can be found before its panel exists.
    LazyPanelPage(const QMetaObject &type, Factory create, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(LazyPanelPage)

    [[nodiscard]] const QMetaObject &panelType() const { return m_type; }
    // The panel, made now if it was not made yet.
    QWidget *panel();
    [[nodiscard]] bool hasPanel() const { return m_panel != nullptr; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    const QMetaObject &m_type;
    Factory m_create;
    QVBoxLayout *m_layout;
    QWidget *m_panel = nullptr;
};

} // namespace paybench
