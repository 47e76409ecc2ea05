#pragma once

#include "OpenfrontSync.h"

#include <QDialog>

class QLabel;
class QTreeWidget;

namespace paybench::ui {

// What Compare found, or what Push and Pull would change: one row per provider (what happens to
// it) with its field differences below. Credentials show only that they differ, never values.
struct OpenfrontReview {
    QString title;       // "Push to Openfront"
    QString summary;     // "2 providers would change in the store at https://..."
    QString confirmText; // the button that goes ahead ("Push 2 providers"); empty: Close only
    struct Row {
        QString code;
        QString what; // "create", "update", "same", "only in the store", ...
        QVector<openfront::FieldDifference> differences;
    };
    QVector<Row> rows;
    QStringList notes; // further lines: regions and platforms a pull adds
};

class OpenfrontReviewDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit OpenfrontReviewDialog(const OpenfrontReview &review, QWidget *parent = nullptr);

    [[nodiscard]] QTreeWidget *tree() const { return m_tree; }

private:
    QTreeWidget *m_tree;
};

} // namespace paybench::ui
