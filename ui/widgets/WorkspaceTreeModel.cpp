#include "WorkspaceTreeModel.h"

#include "SymbolicIcon.h"
#include "WorkspaceDocument.h"

#include <QFont>

#include <algorithm>
#include <vector>

namespace paybench {
namespace {

// internalId 0: a top-level row; n > 0: a child of top-level row n - 1.
constexpr quintptr kTopLevel = 0;

} // namespace

WorkspaceTreeModel::WorkspaceTreeModel(WorkspaceDocument *document, QObject *parent)
    : QAbstractItemModel(parent), m_document(document)
{
    m_platformIcon = symbolicIcon(Symbol::Platform);
    m_providerIcon = symbolicIcon(Symbol::Provider);
    m_groupIcon = symbolicIcon(Symbol::Group);
    m_regionIcon = symbolicIcon(Symbol::Region);

    connect(document, &WorkspaceDocument::itemAdded, this, &WorkspaceTreeModel::onItemAdded);
    connect(document, &WorkspaceDocument::itemRemoved, this, &WorkspaceTreeModel::onItemRemoved);
    connect(document, &WorkspaceDocument::itemChanged, this, &WorkspaceTreeModel::onItemChanged);
    connect(document, &WorkspaceDocument::workspaceReplaced, this,
            [this] { resetWith([this] { rebuild(); }); });
    rebuild();
}

void WorkspaceTreeModel::resetWith(const std::function<void()> &change)
{
    beginResetModel();
    change();
    endResetModel();
}

void WorkspaceTreeModel::rebuild()
{
    const Workspace &workspace = m_document->workspace();
    m_groups.clear();
    QHash<QString, int> groupOf;
    for (const Platform &platform : workspace.platforms) {
        groupOf.insert(platform.name, int(m_groups.size()));
        m_groups.append(Group{platform.name, {}, {}});
    }
    // Each provider's group, then every group filled at its final size. The providers read from
    // one file share their platform's name: the text's address finds the group without hashing.
    const int orphansAt = int(m_groups.size());
    std::vector<int> groupOfProvider(size_t(workspace.providers.size()));
    std::vector<int> sizes(m_groups.size() + 1);
    QHash<const QChar *, int> groupOfText;
    for (size_t i = 0; i < groupOfProvider.size(); ++i) {
        const QString &platform = workspace.providers.at(qsizetype(i)).platform;
        int g = groupOfText.value(platform.constData(), -1);
        if (g < 0) {
            g = groupOf.value(platform, orphansAt);
            if (groupOfText.size() <
                qsizetype(4) * (orphansAt + 1)) // texts not shared: no use growing it
                groupOfText.insert(platform.constData(), g);
        }
        groupOfProvider[i] = g;
        ++sizes[size_t(g)];
    }
    Group orphans;
    for (size_t g = 0; g < sizes.size(); ++g) {
        Group &group = int(g) == orphansAt ? orphans : m_groups[qsizetype(g)];
        group.codes.reserve(sizes[g]);
        group.hints.reserve(sizes[g]);
    }
    for (size_t i = 0; i < groupOfProvider.size(); ++i) {
        Group &group = groupOfProvider[i] == orphansAt ? orphans : m_groups[groupOfProvider[i]];
        group.codes.append(workspace.providers.at(qsizetype(i)).code);
        group.hints.append(int(i));
    }
    if (!orphans.codes.isEmpty())
        m_groups.append(orphans);
    m_regionCodes.clear();
    for (const Region &region : workspace.regions)
        m_regionCodes.append(region.code);
    m_providerIndexDirty = true;
}

int WorkspaceTreeModel::providerIndex(const QString &code) const
{
    const auto &providers = m_document->workspace().providers;
    auto lookup = [&]() -> int {
        const int at = m_providerIndex.value(code, -1);
        return at >= 0 && at < providers.size() && providers.at(at).code == code ? at : -1;
    };
    int at = m_providerIndexDirty ? -1 : lookup();
    if (at < 0 && (m_providerIndexDirty || m_providerIndex.contains(code))) {
        m_providerIndex.clear();
        m_providerIndex.reserve(int(providers.size()));
        for (int i = 0; i < providers.size(); ++i)
            m_providerIndex.insert(providers.at(i).code, i);
        m_providerIndexDirty = false;
        at = lookup();
    }
    return at;
}

// The row's hint when it still holds (every row after a reset, rows before an edit); else the
// index, which then builds the code look-up once for 10,000 rows instead of at every paint.
int WorkspaceTreeModel::providerAt(int group, int row) const
{
    const Group &g = m_groups.at(group);
    if (row < 0 || row >= g.codes.size())
        return -1;
    const QString &code = g.codes.at(row);
    const int hint = g.hints.value(row, -1);
    const auto &providers = m_document->workspace().providers;
    if (hint >= 0 && hint < providers.size() && providers.at(hint).code == code)
        return hint;
    return providerIndex(code);
}

int WorkspaceTreeModel::groupOfPlatform(const QString &platform) const
{
    for (int i = 0; i < m_groups.size(); ++i) {
        if (!m_groups.at(i).platform.isEmpty() && m_groups.at(i).platform == platform)
            return i;
    }
    return -1;
}

int WorkspaceTreeModel::orphanGroup() const
{
    return !m_groups.isEmpty() && m_groups.constLast().platform.isEmpty() ? int(m_groups.size()) - 1
                                                                          : -1;
}

int WorkspaceTreeModel::findProvider(const QString &code, int *row) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const int at = int(m_groups.at(g).codes.indexOf(code));
        if (at >= 0) {
            *row = at;
            return g;
        }
    }
    return -1;
}

QModelIndex WorkspaceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0 || row >= rowCount(parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, 0, kTopLevel);
    return createIndex(row, 0, quintptr(parent.row()) + 1);
}

QModelIndex WorkspaceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kTopLevel);
}

int WorkspaceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size()) + 1;
    if (parent.internalId() != kTopLevel)
        return 0;
    if (parent.row() == regionGroupRow())
        return int(m_regionCodes.size());
    return parent.row() < m_groups.size() ? int(m_groups.at(parent.row()).codes.size()) : 0;
}

int WorkspaceTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

WorkspaceTreeModel::Node WorkspaceTreeModel::node(const QModelIndex &index) const
{
    if (index.internalId() == kTopLevel) {
        if (index.row() == regionGroupRow())
            return Node::RegionGroup;
        return m_groups.at(index.row()).platform.isEmpty() ? Node::OrphanGroup : Node::Platform;
    }
    return int(index.internalId() - 1) == regionGroupRow() ? Node::Region : Node::Provider;
}

QString WorkspaceTreeModel::key(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    switch (node(index)) {
    case Node::Platform:
        return m_groups.at(index.row()).platform;
    case Node::Provider:
        return m_groups.at(int(index.internalId() - 1)).codes.value(index.row());
    case Node::Region:
        return m_regionCodes.value(index.row());
    case Node::OrphanGroup:
    case Node::RegionGroup:
        break;
    }
    return {};
}

QVariant WorkspaceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node kind = node(index);
    if (role == NodeRole)
        return int(kind);
    if (role == KeyRole)
        return key(index);
    const Workspace &workspace = m_document->workspace();
    switch (kind) {
    case Node::Platform: {
        const QString &name = m_groups.at(index.row()).platform;
        if (role == Qt::DisplayRole || role == FilterRole)
            return name;
        if (role == Qt::DecorationRole)
            return m_platformIcon;
        if (role == Qt::ToolTipRole)
            return tr("Platform \u201c%1\u201d: provider instances: %2")
                .arg(name)
                .arg(m_groups.at(index.row()).codes.size());
        break;
    }
    case Node::Provider: {
        const int at = providerAt(int(index.internalId() - 1), index.row());
        if (at < 0)
            return {}; // between the document's change and the model's update
        const ProviderInstance &provider = workspace.providers.at(at);
        if (role == Qt::DisplayRole)
            return tr("%1  (%2)").arg(provider.name, provider.code);
        if (role == FilterRole)
            return provider.name + QLatin1Char(' ') + provider.code;
        if (role == Qt::DecorationRole)
            return m_providerIcon;
        if (role == Qt::ToolTipRole)
            return tr("%1 \u2014 %2, %3")
                .arg(provider.code, environmentName(provider.environment),
                     provider.installed ? tr("installed") : tr("not installed"));
        if (role == Qt::FontRole && !provider.installed) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    }
    case Node::OrphanGroup:
        if (role == Qt::DisplayRole || role == FilterRole)
            return tr("Providers without a platform");
        if (role == Qt::DecorationRole)
            return m_groupIcon;
        break;
    case Node::RegionGroup:
        if (role == Qt::DisplayRole || role == FilterRole)
            return tr("Regions");
        if (role == Qt::DecorationRole)
            return m_groupIcon;
        break;
    case Node::Region: {
        const Region *region = workspace.region(key(index));
        if (!region)
            return {};
        if (role == Qt::DisplayRole)
            return tr("%1  (%2, %3)").arg(region->name, region->code, region->currency);
        if (role == FilterRole)
            return region->name + QLatin1Char(' ') + region->code + QLatin1Char(' ') +
                   region->currency;
        if (role == Qt::DecorationRole)
            return m_regionIcon;
        if (role == Qt::ToolTipRole)
            return region->countries.join(QStringLiteral(", "));
        break;
    }
    }
    return {};
}

QModelIndex WorkspaceTreeModel::indexOf(ItemKind kind, const QString &itemKey) const
{
    switch (kind) {
    case ItemKind::Platform: {
        const int g = groupOfPlatform(itemKey);
        return g < 0 ? QModelIndex() : createIndex(g, 0, kTopLevel);
    }
    case ItemKind::Provider: {
        int row = -1;
        const int g = findProvider(itemKey, &row);
        return g < 0 ? QModelIndex() : createIndex(row, 0, quintptr(g) + 1);
    }
    case ItemKind::Region: {
        const int row = int(m_regionCodes.indexOf(itemKey));
        return row < 0 ? QModelIndex() : createIndex(row, 0, quintptr(regionGroupRow()) + 1);
    }
    case ItemKind::Workspace:
        break;
    }
    return {};
}

QModelIndex WorkspaceTreeModel::regionGroupIndex() const
{
    return createIndex(regionGroupRow(), 0, kTopLevel);
}

int WorkspaceTreeModel::groupFor(const ProviderInstance &provider)
{
    const int g = groupOfPlatform(provider.platform);
    if (g >= 0)
        return g;
    if (orphanGroup() < 0) { // the group appears
        beginInsertRows({}, int(m_groups.size()), int(m_groups.size()));
        m_groups.append(Group{});
        endInsertRows();
    }
    return orphanGroup();
}

int WorkspaceTreeModel::rowFor(int group, int providerIndex) const
{
    // Rows follow the workspace order.
    const QStringList &codes = m_groups.at(group).codes;
    const auto pos = std::lower_bound(
        codes.cbegin(), codes.cend(), providerIndex,
        [this](const QString &c, int value) { return this->providerIndex(c) < value; });
    return int(pos - codes.cbegin());
}

void WorkspaceTreeModel::insertProvider(const QString &code)
{
    m_providerIndexDirty = true;
    const int at = providerIndex(code);
    const int g = groupFor(m_document->workspace().providers.at(at));
    const int row = rowFor(g, at);
    beginInsertRows(createIndex(g, 0, kTopLevel), row, row);
    m_groups[g].codes.insert(row, code);
    m_groups[g].hints.insert(row, at);
    endInsertRows();
}

void WorkspaceTreeModel::removeProvider(int g, int row)
{
    beginRemoveRows(createIndex(g, 0, kTopLevel), row, row);
    m_groups[g].codes.removeAt(row);
    m_groups[g].hints.removeAt(row);
    endRemoveRows();
    m_providerIndexDirty = true;
    dropEmptyOrphanGroup();
}

void WorkspaceTreeModel::dropEmptyOrphanGroup()
{
    const int g = orphanGroup();
    if (g >= 0 && m_groups.at(g).codes.isEmpty()) {
        beginRemoveRows({}, g, g);
        m_groups.removeAt(g);
        endRemoveRows();
    }
}

void WorkspaceTreeModel::onItemAdded(ItemKind kind, const QString &itemKey)
{
    const Workspace &workspace = m_document->workspace();
    switch (kind) {
    case ItemKind::Platform: {
        const int orphans = orphanGroup();
        if (orphans >= 0) {
            // Providers that named this platform move under it: simplest as a reset.
            resetWith([this] { rebuild(); });
            return;
        }
        const int at = workspace.platformIndex(itemKey);
        beginInsertRows({}, at, at);
        m_groups.insert(at, Group{itemKey, {}, {}});
        endInsertRows();
        break;
    }
    case ItemKind::Provider:
        insertProvider(itemKey);
        break;
    case ItemKind::Region: {
        const int at = workspace.regionIndex(itemKey);
        beginInsertRows(regionGroupIndex(), at, at);
        m_regionCodes.insert(at, itemKey);
        endInsertRows();
        break;
    }
    case ItemKind::Workspace:
        break;
    }
}

void WorkspaceTreeModel::onItemRemoved(ItemKind kind, const QString &itemKey)
{
    switch (kind) {
    case ItemKind::Platform: {
        const int g = groupOfPlatform(itemKey);
        if (g < 0)
            return;
        if (!m_groups.at(g).codes.isEmpty()) { // its providers become orphans
            resetWith([this] { rebuild(); });
            return;
        }
        beginRemoveRows({}, g, g);
        m_groups.removeAt(g);
        endRemoveRows();
        break;
    }
    case ItemKind::Provider: {
        int row = -1;
        const int g = findProvider(itemKey, &row);
        if (g >= 0)
            removeProvider(g, row);
        break;
    }
    case ItemKind::Region: {
        const int row = int(m_regionCodes.indexOf(itemKey));
        if (row < 0)
            return;
        beginRemoveRows(regionGroupIndex(), row, row);
        m_regionCodes.removeAt(row);
        endRemoveRows();
        break;
    }
    case ItemKind::Workspace:
        break;
    }
}

void WorkspaceTreeModel::onItemChanged(ItemKind kind, const QString &itemKey,
                                       const QString &previousKey)
{
    switch (kind) {
    case ItemKind::Platform: {
        const int g = groupOfPlatform(previousKey);
        if (g < 0)
            return;
        m_groups[g].platform = itemKey;
        const QModelIndex at = createIndex(g, 0, kTopLevel);
        emit dataChanged(at, at);
        break;
    }
    case ItemKind::Provider: {
        int row = -1;
        const int g = findProvider(previousKey, &row);
        m_providerIndexDirty = m_providerIndexDirty || itemKey != previousKey;
        const int at = providerIndex(itemKey);
        if (g < 0 || at < 0)
            return;
        const QString &platform = m_document->workspace().providers.at(at).platform;
        const int target = groupOfPlatform(platform);
        if (target == g || (target < 0 && g == orphanGroup())) {
            m_groups[g].codes[row] = itemKey;
            m_groups[g].hints[row] = at;
            const QModelIndex index = createIndex(row, 0, quintptr(g) + 1);
            emit dataChanged(index, index);
            return;
        }
        // Moved to another platform: a move (not remove and insert) keeps it selected.
        const int to = groupFor(m_document->workspace().providers.at(at));
        const int toRow = rowFor(to, at);
        beginMoveRows(createIndex(g, 0, kTopLevel), row, row, createIndex(to, 0, kTopLevel), toRow);
        m_groups[g].codes.removeAt(row);
        m_groups[g].hints.removeAt(row);
        m_groups[to].codes.insert(toRow, itemKey);
        m_groups[to].hints.insert(toRow, at);
        endMoveRows();
        dropEmptyOrphanGroup();
        break;
    }
    case ItemKind::Region: {
        const int row = int(m_regionCodes.indexOf(previousKey));
        if (row < 0)
            return;
        m_regionCodes[row] = itemKey;
        const QModelIndex at = createIndex(row, 0, quintptr(regionGroupRow()) + 1);
        emit dataChanged(at, at);
        break;
    }
    case ItemKind::Workspace:
        break;
    }
}

} // namespace paybench
