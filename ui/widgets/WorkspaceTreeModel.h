#pragma once

#include "Validation.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QIcon>
#include <QStringList>
#include <QVector>

#include <functional>

namespace paybench {

class WorkspaceDocument;

// The workspace as a two-level tree: each platform with its provider instances, then a group
// of providers whose platform is missing (only when there are some), then the regions.
// Follows the document's item signals row by row, so the view keeps its expansion and
// selection, and stays fast with tens of thousands of providers (no per-item objects).
class WorkspaceTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Node { Platform, Provider, OrphanGroup, RegionGroup, Region };
    enum Role {
        NodeRole = Qt::UserRole + 1, // Node, as int
        KeyRole,                     // platform name, provider code, region code
        FilterRole,                  // the text the filter box matches
    };

    explicit WorkspaceTreeModel(WorkspaceDocument *document, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(WorkspaceTreeModel)

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    [[nodiscard]] Node node(const QModelIndex &index) const;
    [[nodiscard]] QString key(const QModelIndex &index) const;
    // The index of an item, invalid when it is not in the tree.
    [[nodiscard]] QModelIndex indexOf(ItemKind kind, const QString &key) const;
    [[nodiscard]] QModelIndex regionGroupIndex() const;

private:
    struct Group {
        QString platform; // empty for the group of providers without a known platform
        QStringList codes;
        // Where each code stood in workspace().providers when its row was made: right until
        // providers are added or removed before it, checked before use (see providerAt).
        QVector<int> hints;
    };

    void rebuild();
    void onItemAdded(ItemKind kind, const QString &key);
    void onItemRemoved(ItemKind kind, const QString &key);
    void onItemChanged(ItemKind kind, const QString &key, const QString &previousKey);
    // The group a provider belongs in; makes the group of providers without a platform.
    int groupFor(const ProviderInstance &provider);
    [[nodiscard]] int rowFor(int group, int providerIndex) const;
    void insertProvider(const QString &code);
    void dropEmptyOrphanGroup();
    void removeProvider(int group, int row);
    [[nodiscard]] int groupOfPlatform(const QString &platform) const;
    [[nodiscard]] int orphanGroup() const; // -1 when there is none
    [[nodiscard]] int regionGroupRow() const { return int(m_groups.size()); }
    [[nodiscard]] int findProvider(const QString &code, int *row) const; // group, -1
    [[nodiscard]] int providerIndex(const QString &code) const;
    [[nodiscard]] int providerAt(int group, int row) const; // index in providers, -1
    void resetWith(const std::function<void()> &change);

    WorkspaceDocument *m_document;
    QVector<Group> m_groups;
    QStringList m_regionCodes;
    // Provider code -> index in workspace().providers; rebuilt lazily after adds and removes.
    mutable QHash<QString, int> m_providerIndex;
    mutable bool m_providerIndexDirty = true;
    QIcon m_platformIcon;
    QIcon m_providerIcon;
    QIcon m_groupIcon;
    QIcon m_regionIcon;
};

} // namespace paybench
