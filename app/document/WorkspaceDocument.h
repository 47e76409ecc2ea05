#pragma once

#include "FileLook.h"
#include "SecretStoreFactory.h"
#include "Validation.h"
#include "Workspace.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>

class QUndoStack;

namespace paybench {

template <typename T>
class ItemCommand;
class BulkCommand;

// The workspace being edited: the open file, the undo history and the clean state. Every edit
// goes through here as one undoable command, so the window, the CLI and tests share one path.
// Keys (platform name, provider code, region code) are unique and non-empty in a document.
class WorkspaceDocument final : public QObject
{
    Q_OBJECT
public:
    explicit WorkspaceDocument(QObject *parent = nullptr);
    ~WorkspaceDocument() override;
    Q_DISABLE_COPY_MOVE(WorkspaceDocument)

    [[nodiscard]] const Workspace &workspace() const { return m_workspace; }
    // The workspace as last opened or saved: what the file and the secret store hold.
    [[nodiscard]] const Workspace &savedWorkspace() const { return m_saved; }
    [[nodiscard]] QString filePath() const { return m_filePath; } // empty until saved
    [[nodiscard]] QString displayName() const;                    // file name or "Untitled"
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] QUndoStack *undoStack() const { return m_undoStack; }

    // How the secret store is made (backend, passphrase prompt). The store itself is created
    // the first time a secret is needed or saved, never at open: a keychain may be slow.
    void setSecretStoreOptions(const SecretStoreOptions &options);

    void newWorkspace();
    // A file that cannot be loaded leaves the open document as it was; *error says why.
    bool open(const QString &path, QString *error);
    // Replaces the document with an already loaded workspace (e.g. loaded off the UI thread).
    // contentStamp and fileLook: the loaded bytes' io::contentStamp and the file's look before
    // they were read (WorkspaceLoadResult). Without a stamp, both are taken from the file as it
    // is now, so a change made since `workspace` was read from it goes unnoticed.
    void adoptWorkspace(const Workspace &workspace, const QString &path,
                        const QByteArray &contentStamp = QByteArray(),
                        const std::optional<io::FileLook> &fileLook = std::nullopt);
    // Saving over the open file refuses, with an error saying so, when the file changed on disk
    // since it was opened or saved (another program or window wrote it); *changeOnDisk, when
    // given, then holds that file's content stamp. Passed back as `overwriting` (the person
    // agreed to overwrite that change), the save goes over it, and over no other: a file
    // changed again meanwhile is refused the same way.
    bool save(QString *error);
    bool saveAs(const QString &path, QString *error,
                const std::optional<QByteArray> &overwriting = std::nullopt,
                std::optional<QByteArray> *changeOnDisk = nullptr);
    // True when the open file's bytes are no longer those last read or written here (also when
    // it is gone). False for a document without a file.
    [[nodiscard]] bool changedOnDisk() const;
    // How the open file looked just before it was read here, for a watcher to start from (see
    // io::FileChangeWatcher); empty when unknown, e.g. after a save. Set before filePathChanged.
    [[nodiscard]] const std::optional<io::FileLook> &diskLook() const { return m_diskLook; }

    // Edits. Each is one undo step; edits with the same non-empty mergeField on the same item
    // in a row merge into one step (typing in a field). They refuse, with *error, an empty or
    // duplicate key or an unknown item, and then change nothing.
    bool addPlatform(const Platform &platform, QString *error = nullptr);
    // A new name renames the platform in its provider instances too.
    bool updatePlatform(const QString &name, const Platform &platform,
                        const QString &mergeField = {}, QString *error = nullptr);
    // Removes the platform and its provider instances.
    bool removePlatform(const QString &name, QString *error = nullptr);
    bool addProvider(const ProviderInstance &provider, QString *error = nullptr);
    bool updateProvider(const QString &code, const ProviderInstance &provider,
                        const QString &mergeField = {}, QString *error = nullptr);
    bool removeProvider(const QString &code, QString *error = nullptr);
    bool addRegion(const Region &region, QString *error = nullptr);
    // A new code renames the region in the provider instances that list it too.
    bool updateRegion(const QString &code, const Region &region, const QString &mergeField = {},
                      QString *error = nullptr);
    // Removes the region and takes it off the provider instances that list it.
    bool removeRegion(const QString &code, QString *error = nullptr);

    // The Openfront store this workspace talks to; one undo step. False when nothing changes.
    bool setOpenfrontConnection(const OpenfrontConnection &connection);

    // "base", else "base 2", "base 3"... not yet used in the workspace.
    [[nodiscard]] QString uniquePlatformName(const QString &base) const;
    [[nodiscard]] QString uniqueProviderCode(const QString &base) const;
    [[nodiscard]] QString uniqueRegionCode(const QString &base) const;

    // Asks the secret store for the secret values of a provider instance not loaded yet; when
    // it answers, they are in workspace() (marked loaded, no undo step, not a modification)
    // and secretsLoaded is emitted. Only when a person or a call needs a value, never at open.
    void loadSecrets(const QString &providerCode);
    using StoreCallback = std::function<void(SecretStore *store, const QString &error)>;
    // The secret store of the open file, made on first use (a keychain probe, a passphrase
    // prompt) and kept while the document lives; callback gets it, or null and why not. What
    // every call of the window reads its secrets from.
    void withSecretStore(StoreCallback callback);
    // True while secret values are being written after a save.
    [[nodiscard]] bool isSavingSecrets() const { return m_secretSaves > 0; }

signals:
    void itemAdded(paybench::ItemKind kind, const QString &key);
    void itemRemoved(paybench::ItemKind kind, const QString &key);
    // previousKey differs from key after a rename.
    void itemChanged(paybench::ItemKind kind, const QString &key, const QString &previousKey);
    // New, open, or an edit of many items at once (more than 100): anything may have changed.
    void workspaceReplaced();
    void openfrontConnectionChanged();
    void filePathChanged(const QString &path);
    void modifiedChanged(bool modified);
    // errors is empty on success; each names the provider and credential, never a value.
    void secretsLoaded(const QString &providerCode, const QStringList &errors);
    // After save: the secret store holds the saved values, or errors say what it does not
    // (then the document is marked modified again).
    void secretsSaved(const QStringList &errors);

private:
    template <typename T>
    friend class ItemCommand;
    friend class BulkCommand;
    friend class ConnectionCommand;

    // Turns the item `from` into `to` (either may be empty: add, remove) and says so.
    template <typename T>
    void applyItem(int index, const std::optional<T> &from, const std::optional<T> &to);
    template <typename T>
    bool pushItem(const std::optional<QString> &key, const std::optional<T> &after,
                  const QString &mergeField, QString *error);
    void replaceAll(const Workspace &workspace, const QString &path, const QByteArray &diskStamp,
                    const std::optional<io::FileLook> &diskLook);
    void setFilePath(const QString &path);
    // Calls back with the store for the file at path, creating it on first use.
    void withSecretStore(const QString &path, StoreCallback callback);
    // Brings the store of the current file in line with snapshot; loadFromPath, when set, is
    // the file the unloaded secrets still live with (Save As to another file).
    void saveSecrets(const Workspace &previous, const Workspace &snapshot,
                     const QString &loadFromPath);
    void applyLoadedSecrets(const ProviderInstance &loaded);

    Workspace m_workspace;
    Workspace m_saved;
    // The workspace as the secret store last took it: what saveWorkspaceSecrets compares with.
    Workspace m_secretsSynced;
    QString m_filePath;
    QUndoStack *m_undoStack = nullptr;
    SecretStoreOptions m_storeOptions;
    // By workspace file (a vault lives next to its file); kept for the document's life so
    // no pending secret operation loses its callback.
    std::map<QString, std::unique_ptr<SecretStore>> m_stores;
    QHash<QString, QVector<StoreCallback>> m_storeWaiters; // stores being created, by file
    int m_secretSaves = 0;
    quint64 m_generation = 0; // counts replaced workspaces (new, open)
    QByteArray m_diskStamp;   // io::contentStamp of the file as last read or written here
    std::optional<io::FileLook> m_diskLook;
    int m_quiet = 0; // > 0 while a bulk edit runs: one workspaceReplaced instead of many signals
};

} // namespace paybench
