#include "OpenfrontReviewDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace paybench::ui {

OpenfrontReviewDialog::OpenfrontReviewDialog(const OpenfrontReview &review, QWidget *parent)
    : QDialog(parent), m_tree(new QTreeWidget)
{
    setObjectName(QStringLiteral("openfrontReviewDialog"));
    setWindowTitle(review.title);
    resize(760, 460);

    auto *summary = new QLabel(review.summary);
    summary->setWordWrap(true);
    summary->setTextFormat(Qt::PlainText);

    m_tree->setObjectName(QStringLiteral("openfrontReviewTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Provider / field"), tr("Change")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setWordWrap(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    for (const OpenfrontReview::Row &row : review.rows) {
        auto *item = new QTreeWidgetItem(m_tree, {row.code, row.what});
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        for (const openfront::FieldDifference &difference : row.differences) {
            // The field is in the first column already.
            QString text = openfront::describeDifference(difference);
            const QString prefix = difference.field + QStringLiteral(": ");
            if (text.startsWith(prefix))
                text.remove(0, prefix.size());
            auto *child = new QTreeWidgetItem(item, {difference.field, text});
            child->setToolTip(1, text); // long URLs are elided in the view
        }
        item->setExpanded(true);
    }
    for (const QString &note : review.notes)
        new QTreeWidgetItem(m_tree, {QString(), note});

    auto *buttons = new QDialogButtonBox;
    if (review.confirmText.isEmpty()) {
        buttons->addButton(QDialogButtonBox::Close);
    } else {
        QPushButton *go = buttons->addButton(review.confirmText, QDialogButtonBox::AcceptRole);
        go->setObjectName(QStringLiteral("openfrontConfirm"));
        // Writing is a choice: Enter cancels unless the person moved to the button.
        go->setAutoDefault(false);
        buttons->addButton(QDialogButtonBox::Cancel)->setDefault(true);
    }
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    m_tree->setFocus();
}

} // namespace paybench::ui
