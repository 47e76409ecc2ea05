#pragma once

#include "GatewayLogEntry.h"

#include <QAbstractTableModel>
#include <QVector>

namespace paybench::ui {

// The live request log of the gateway panel: the newest entries last, at most `capacity`.
class GatewayLogModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Method, Path, Status, Elapsed, Payment, Note, ColumnCount };

    explicit GatewayLogModel(int capacity = 1000, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(GatewayLogModel)

    void append(const gateway::GatewayLogEntry &entry);
    void clear();
    [[nodiscard]] const gateway::GatewayLogEntry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    int m_capacity;
    QVector<gateway::GatewayLogEntry> m_entries;
};

} // namespace paybench::ui
