#include "LazyPanelPage.h"

#include <QVBoxLayout>

namespace paybench {

LazyPanelPage::LazyPanelPage(const QMetaObject &type, Factory create, QWidget *parent)
    : QWidget(parent), m_type(type), m_create(std::move(create)), m_layout(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("lazyPage-%1").arg(QString::fromLatin1(type.className())));
    m_layout->setContentsMargins(0, 0, 0, 0);
}

QWidget *LazyPanelPage::panel()
{
    if (!m_panel) {
        m_panel = m_create();
        Q_ASSERT(m_type.cast(m_panel));
        m_create = nullptr; // what it captured is not needed any more
        m_layout->addWidget(m_panel);
        // Made while the page is on screen: laid out and shown in this paint, not one event
        // later.
        if (isVisible()) {
            m_layout->activate();
            m_panel->show();
        }
    }
    return m_panel;
}

void LazyPanelPage::showEvent(QShowEvent *event)
{
    panel();
    QWidget::showEvent(event);
}

} // namespace paybench
