#include "GatewayLogModel.h"

#include <QBrush>
#include <QColor>

namespace paybench::ui {

GatewayLogModel::GatewayLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(qMax(1, capacity))
{}

void GatewayLogModel::append(const gateway::GatewayLogEntry &entry)
{
    if (m_entries.size() >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_entries.removeFirst();
        endRemoveRows();
    }
    beginInsertRows({}, int(m_entries.size()), int(m_entries.size()));
    m_entries.append(entry);
    endInsertRows();
}

void GatewayLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int GatewayLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int GatewayLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GatewayLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const gateway::GatewayLogEntry &e = m_entries.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (e.status == 0 || e.status >= 500)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        if (e.status >= 400)
            return QBrush(QColor(0xa0, 0x60, 0x00));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return e.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case Method:
        return e.method;
    case Path:
        return e.path;
    case Status:
        return e.status ? QString::number(e.status) : QStringLiteral("-");
    case Elapsed:
        return QString::number(e.elapsedMs, 'f', 1);
    case Payment:
        return e.paymentId;
    case Note:
        return e.note;
    default:
        return {};
    }
}

QVariant GatewayLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Method:
        return tr("Method");
    case Path:
        return tr("Path");
    case Status:
        return tr("Status");
    case Elapsed:
        return tr("ms");
    case Payment:
        return tr("Payment");
    case Note:
        return tr("Note");
    default:
        return {};
    }
}

} // namespace paybench::ui
