#pragma once

#include "CallHistory.h"

#include <QAbstractTableModel>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;
class QPushButton;
class QLabel;

namespace paybench::ui {

// Pages of the call history for a view, fetched on demand (keyset paging).
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit HistoryModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(HistoryModel)

    enum Column { Time, Provider, Function, Profile, Status, Verdict, Duration, PaymentId, Url };

    void setHistory(client::CallHistory *history);
    void setFilter(const client::HistoryFilter &filter);
    void reload();
    [[nodiscard]] const client::HistoryEntry *entryAt(int row) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    client::CallHistory *m_history = nullptr;
    client::HistoryFilter m_filter;
    QVector<client::HistoryEntry> m_entries;
    std::optional<client::HistoryCursor> m_next;
    bool m_exhausted = true;
};

// Search and filters over the call history; reopen a call or send it again.
class HistoryView final : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(HistoryView)

    // Not owned; the view follows new entries as they are recorded.
    void setHistory(client::CallHistory *history);
    [[nodiscard]] HistoryModel *model() const { return m_model; }
    void applyFilters();

signals:
    // The stored report (masked JSON) of the chosen call.
    void reopenRequested(const QByteArray &report);
    void resendRequested(const QByteArray &report);

private:
    [[nodiscard]] std::optional<client::HistoryEntry> selectedEntry() const;
    void refreshProviders();

    client::CallHistory *m_history = nullptr;
    HistoryModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_provider;
    QComboBox *m_function;
    QComboBox *m_verdict;
    QLineEdit *m_status;
    QComboBox *m_since;
    QTableView *m_table;
    QPushButton *m_reopen;
    QPushButton *m_resend;
    QLabel *m_error;
};

} // namespace paybench::ui
