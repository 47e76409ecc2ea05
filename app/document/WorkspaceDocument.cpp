#include "WorkspaceDocument.h"

#include "BoundedRead.h"
#include "ContentStamp.h"
#include "InputLimits.h"

#include "WorkspaceFile.h"
#include "WorkspaceSecrets.h"

#include <QFileInfo>
#include <QUndoCommand>
#include <QUndoStack>

namespace paybench {
namespace {

// The file compared by content: a write in the same millisecond can keep its size and time.
QByteArray fileStamp(const QString &path)
{
    if (path.isEmpty())
        return {};
    QString error;
    const std::optional<QByteArray> bytes =
        io::readFileBounded(path, io::kMaxWorkspaceFileBytes, &error);
    return bytes ? io::contentStamp(*bytes) : QByteArray();
}

// Compound edits with more children than this emit one workspaceReplaced instead of one
// signal per item: views reset once instead of updating row by row.
constexpr int kBulkThreshold = 100;

template <typename T>
struct Items;

template <>
struct Items<Platform> {
    static constexpr ItemKind kind = ItemKind::Platform;
    static QVector<Platform> &of(Workspace &w) { return w.platforms; }
    static const QVector<Platform> &of(const Workspace &w) { return w.platforms; }
    static QString key(const Platform &p) { return p.name; }
    static int indexOf(const Workspace &w, const QString &key) { return w.platformIndex(key); }
    static void rename(Workspace &w, const QString &from, const QString &to)
    {
        w.renamePlatform(from, to);
    }
    static QString noun() { return WorkspaceDocument::tr("platform"); }
    static void carryOver(const Platform &, Platform &) {}
};

template <>
struct Items<ProviderInstance> {
    static constexpr ItemKind kind = ItemKind::Provider;
    static QVector<ProviderInstance> &of(Workspace &w) { return w.providers; }
    static const QVector<ProviderInstance> &of(const Workspace &w) { return w.providers; }
    static QString key(const ProviderInstance &p) { return p.code; }
    static int indexOf(const Workspace &w, const QString &key) { return w.providerIndex(key); }
    static void rename(Workspace &, const QString &, const QString &) {}
    static QString noun() { return WorkspaceDocument::tr("provider instance"); }
    // Undo restores snapshots taken before a secret was loaded: keep the loaded value rather
    // than forgetting it (it is still what the store holds).
    static void carryOver(const ProviderInstance &current, ProviderInstance &next)
    {
        for (Credential &credential : next.credentials) {
            if (!credential.secret || credential.valueLoaded)
                continue;
            const Credential *loaded = current.credential(credential.key);
            if (loaded && loaded->secret && loaded->valueLoaded) {
                credential.value = loaded->value;
                credential.valueLoaded = true;
            }
        }
    }
};

template <>
struct Items<Region> {
    static constexpr ItemKind kind = ItemKind::Region;
    static QVector<Region> &of(Workspace &w) { return w.regions; }
    static const QVector<Region> &of(const Workspace &w) { return w.regions; }
    static QString key(const Region &r) { return r.code; }
    static int indexOf(const Workspace &w, const QString &key) { return w.regionIndex(key); }
    static void rename(Workspace &w, const QString &from, const QString &to)
    {
        w.renameRegion(from, to);
    }
    static QString noun() { return WorkspaceDocument::tr("region"); }
    static void carryOver(const Region &, Region &) {}
};

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

template <typename T>
QString commandText(const std::optional<T> &before, const std::optional<T> &after)
{
    const QString noun = Items<T>::noun();
    if (!before)
        return WorkspaceDocument::tr("Add %1 \u201c%2\u201d").arg(noun, Items<T>::key(*after));
    if (!after)
        return WorkspaceDocument::tr("Remove %1 \u201c%2\u201d").arg(noun, Items<T>::key(*before));
    if (Items<T>::key(*before) != Items<T>::key(*after))
        return WorkspaceDocument::tr("Rename %1 \u201c%2\u201d to \u201c%3\u201d")
            .arg(noun, Items<T>::key(*before), Items<T>::key(*after));
    return WorkspaceDocument::tr("Edit %1 \u201c%2\u201d").arg(noun, Items<T>::key(*after));
}

struct StorableSecret {
    bool loaded = false;
    QString value;
};

// Secret credentials by "code\nkey" whose value belongs in the store (not a reference).
QHash<QString, StorableSecret> storableSecrets(const Workspace &workspace)
{
    QHash<QString, StorableSecret> out;
    for (const ProviderInstance &provider : workspace.providers) {
        for (const Credential &credential : provider.credentials) {
            if (credential.secret && !isCredentialReference(credential.value))
                out.insert(provider.code + QLatin1Char('\n') + credential.key,
                           StorableSecret{credential.valueLoaded, credential.value});
        }
    }
    return out;
}

bool hasUnloadedSecrets(const Workspace &workspace)
{
    for (const ProviderInstance &provider : workspace.providers) {
        for (const Credential &credential : provider.credentials) {
            if (credential.secret && !credential.valueLoaded)
                return true;
        }
    }
    return false;
}

// Whether saving has anything to write to or delete from the store: a workspace without
// secrets never creates one (no keychain probe, no passphrase prompt).
bool secretsNeedSaving(const Workspace &previous, const Workspace &current)
{
    const QHash<QString, StorableSecret> before = storableSecrets(previous);
    const QHash<QString, StorableSecret> after = storableSecrets(current);
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const auto old = before.constFind(it.key());
        if (old == before.cend()) {
            // New: a value to write, or a code changed before its value was loaded (the
            // store then says what is missing).
            if (!it->loaded || !it->value.isEmpty())
                return true;
        } else if (it->loaded && (!old->loaded || old->value != it->value)) {
            return true;
        }
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!after.contains(it.key()))
            return true;
    }
    return false;
}

} // namespace

// One item before and after an edit; an empty side is an add or a remove.
template <typename T>
class ItemCommand final : public QUndoCommand
{
public:
    ItemCommand(WorkspaceDocument *document, int index, std::optional<T> before,
                std::optional<T> after, QString mergeField, QUndoCommand *parent = nullptr)
        : QUndoCommand(commandText(before, after), parent), m_document(document), m_index(index),
          m_before(std::move(before)), m_after(std::move(after)),
          m_mergeField(std::move(mergeField))
    {}

    void redo() override { m_document->applyItem(m_index, m_before, m_after); }
    void undo() override { m_document->applyItem(m_index, m_after, m_before); }

    int id() const override
    {
        return m_mergeField.isEmpty() ? -1 : 1000 + static_cast<int>(Items<T>::kind);
    }

    bool mergeWith(const QUndoCommand *other) override
    {
        // Same id() means same T.
        const auto *next = static_cast<const ItemCommand *>(other);
        if (next->m_mergeField != m_mergeField || !m_before || !m_after || !next->m_before ||
            !next->m_after || Items<T>::key(*m_after) != Items<T>::key(*next->m_before))
            return false;
        m_after = next->m_after;
        setText(commandText(m_before, m_after));
        // Typing a field back to what it was leaves nothing to undo.
        setObsolete(*m_before == *m_after);
        return true;
    }

private:
    WorkspaceDocument *m_document;
    int m_index;
    std::optional<T> m_before;
    std::optional<T> m_after;
    QString m_mergeField;
};

// A parent command whose children change many items: quiet children, one reset signal.
class BulkCommand final : public QUndoCommand
{
public:
    BulkCommand(WorkspaceDocument *document, const QString &text)
        : QUndoCommand(text), m_document(document)
    {}

    void redo() override
    {
        run([this] { QUndoCommand::redo(); });
    }
    void undo() override
    {
        run([this] { QUndoCommand::undo(); });
    }

private:
    template <typename F>
    void run(F step)
    {
        const bool bulk = childCount() > kBulkThreshold;
        if (bulk)
            ++m_document->m_quiet;
        step();
        if (bulk) {
            --m_document->m_quiet;
            emit m_document->workspaceReplaced();
        }
    }

    WorkspaceDocument *m_document;
};

// The Openfront connection before and after an edit.
class ConnectionCommand final : public QUndoCommand
{
public:
    ConnectionCommand(WorkspaceDocument *document, OpenfrontConnection before,
                      OpenfrontConnection after)
        : QUndoCommand(QObject::tr("Openfront connection")), m_document(document),
          m_before(std::move(before)), m_after(std::move(after))
    {}

    void redo() override { apply(m_after); }
    void undo() override { apply(m_before); }

private:
    void apply(const OpenfrontConnection &connection)
    {
        m_document->m_workspace.openfront = connection;
        emit m_document->openfrontConnectionChanged();
    }

    WorkspaceDocument *m_document;
    OpenfrontConnection m_before;
    OpenfrontConnection m_after;
};

WorkspaceDocument::WorkspaceDocument(QObject *parent)
    : QObject(parent), m_workspace(Workspace::createEmpty()), m_saved(m_workspace),
      m_secretsSynced(m_workspace), m_undoStack(new QUndoStack(this))
{
    connect(m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

WorkspaceDocument::~WorkspaceDocument() = default;

QString WorkspaceDocument::displayName() const
{
    return m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
}

bool WorkspaceDocument::isModified() const
{
    return !m_undoStack->isClean();
}

void WorkspaceDocument::newWorkspace()
{
    replaceAll(Workspace::createEmpty(), QString(), QByteArray(), std::nullopt);
}

bool WorkspaceDocument::open(const QString &path, QString *error)
{
    WorkspaceLoadResult result = loadWorkspaceFile(path);
    if (!result.workspace) {
        setError(error, result.error);
        return false;
    }
    replaceAll(*result.workspace, QFileInfo(path).absoluteFilePath(), result.contentStamp,
               result.fileLook);
    return true;
}

void WorkspaceDocument::adoptWorkspace(const Workspace &workspace, const QString &path,
                                       const QByteArray &contentStamp,
                                       const std::optional<io::FileLook> &fileLook)
{
    const QString absolute = path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
    if (!contentStamp.isEmpty()) {
        replaceAll(workspace, absolute, contentStamp, fileLook);
        return;
    }
    std::optional<io::FileLook> look; // before the read, so a write during it changes the look
    if (!absolute.isEmpty())
        look = io::FileLook::of(absolute);
    replaceAll(workspace, absolute, fileStamp(absolute), look);
}

void WorkspaceDocument::replaceAll(const Workspace &workspace, const QString &path,
                                   const QByteArray &diskStamp,
                                   const std::optional<io::FileLook> &diskLook)
{
    const bool wasModified = isModified();
    ++m_generation; // secret operations still running belong to the workspace before
    m_undoStack->clear();
    m_workspace = workspace;
    m_saved = workspace;
    m_secretsSynced = workspace;
    m_diskStamp = diskStamp;
    m_diskLook = diskLook;
    setFilePath(path);
    emit workspaceReplaced();
    if (wasModified)
        emit modifiedChanged(false);
}

void WorkspaceDocument::setFilePath(const QString &path)
{
    if (path == m_filePath)
        return;
    m_filePath = path;
    emit filePathChanged(path);
}

bool WorkspaceDocument::save(QString *error)
{
    if (m_filePath.isEmpty()) {
        setError(error, tr("The workspace has no file yet: use Save As."));
        return false;
    }
    return saveAs(m_filePath, error);
}

bool WorkspaceDocument::changedOnDisk() const
{
    return !m_filePath.isEmpty() && fileStamp(m_filePath) != m_diskStamp;
}

bool WorkspaceDocument::saveAs(const QString &path, QString *error,
                               const std::optional<QByteArray> &overwriting,
                               std::optional<QByteArray> *changeOnDisk)
{
    if (changeOnDisk)
        changeOnDisk->reset();
    if (path.isEmpty()) {
        setError(error, tr("No file name given."));
        return false;
    }
    if (QFileInfo(path).absoluteFilePath() == m_filePath) {
        // Read just before the write: a change made after it was agreed to is not overwritten.
        const QByteArray onDisk = fileStamp(m_filePath);
        if (onDisk != m_diskStamp && onDisk != overwriting) {
            if (changeOnDisk)
                *changeOnDisk = onDisk;
            setError(error, tr("The file changed on disk since it was opened or saved here "
                               "(another program or window wrote it). Reload it, or overwrite "
                               "that change."));
            return false;
        }
    }
    // The stamp of the bytes written, not of a second read that could catch another writer.
    QByteArray written;
    if (!saveWorkspaceFile(m_workspace, path, error, &written))
        return false;
    m_diskStamp = written;
    m_diskLook.reset(); // a look now could be of another writer's file: the watcher checks
    const QString oldPath = m_filePath;
    const QString newPath = QFileInfo(path).absoluteFilePath();
    const bool moved = !oldPath.isEmpty() && oldPath != newPath;
    m_saved = m_workspace;
    setFilePath(newPath);
    m_undoStack->setClean();
    // In another file the store may be another vault: everything goes there.
    saveSecrets(moved ? Workspace() : m_secretsSynced, m_workspace, moved ? oldPath : QString());
    return true;
}

void WorkspaceDocument::setSecretStoreOptions(const SecretStoreOptions &options)
{
    m_storeOptions = options;
}

void WorkspaceDocument::withSecretStore(StoreCallback callback)
{
    withSecretStore(m_filePath, std::move(callback));
}

void WorkspaceDocument::withSecretStore(const QString &path, StoreCallback callback)
{
    const auto existing = m_stores.find(path);
    if (existing != m_stores.end()) {
        callback(existing->second.get(), QString());
        return;
    }
    const bool pending = m_storeWaiters.contains(path);
    m_storeWaiters[path].append(std::move(callback));
    if (pending)
        return;
    createSecretStoreAsync(path, m_storeOptions, this,
                           [this, path](std::unique_ptr<SecretStore> store, const QString &error) {
                               SecretStore *made = store.get();
                               if (store)
                                   m_stores[path] = std::move(store);
                               const QVector<StoreCallback> waiters = m_storeWaiters.take(path);
                               for (const StoreCallback &waiter : waiters)
                                   waiter(made, error);
                           });
}

void WorkspaceDocument::saveSecrets(const Workspace &previous, const Workspace &snapshot,
                                    const QString &loadFromPath)
{
    const bool needsLoading = !loadFromPath.isEmpty() && hasUnloadedSecrets(snapshot);
    if (!needsLoading && !secretsNeedSaving(previous, snapshot)) {
        m_secretsSynced = snapshot;
        return;
    }
    ++m_secretSaves;
    auto current = std::make_shared<Workspace>(snapshot);
    auto finish = [this, current, generation = m_generation](const QStringList &errors) {
        --m_secretSaves;
        if (generation != m_generation) {
            emit secretsSaved(errors); // still worth saying; the state is another file's now
            return;
        }
        if (errors.isEmpty())
            m_secretsSynced = *current;
        else
            m_undoStack->resetClean(); // the store lacks something: saving again is needed
        emit secretsSaved(errors);
    };
    const QString path = m_filePath;
    auto write = [this, previous, current, finish, path] {
        withSecretStore(path, [previous, current, finish](SecretStore *store, const QString &e) {
            if (!store) {
                finish({e});
                return;
            }
            saveWorkspaceSecrets(previous, *current, *store, finish);
        });
    };
    if (!needsLoading) {
        write();
        return;
    }
    withSecretStore(loadFromPath, [current, finish, write](SecretStore *store, const QString &e) {
        if (!store) {
            finish({e});
            return;
        }
        loadWorkspaceSecrets(*current, *store, [finish, write](const QStringList &errors) {
            if (errors.isEmpty())
                write();
            else
                finish(errors);
        });
    });
}

void WorkspaceDocument::loadSecrets(const QString &providerCode)
{
    const ProviderInstance *provider = m_workspace.provider(providerCode);
    if (!provider) {
        emit secretsLoaded(providerCode,
                           {tr("There is no provider instance \u201c%1\u201d.").arg(providerCode)});
        return;
    }
    auto copy = std::make_shared<ProviderInstance>(*provider);
    auto context = std::make_shared<Workspace>();
    context->id = m_workspace.id; // secret keys derive from the id only
    const quint64 generation = m_generation;
    withSecretStore(m_filePath, [this, copy, context, providerCode,
                                 generation](SecretStore *store, const QString &error) {
        if (generation != m_generation)
            return; // another workspace is open now
        if (!store) {
            emit secretsLoaded(providerCode, {error});
            return;
        }
        loadProviderSecrets(
            *copy, *context, *store,
            [this, copy, context, providerCode, generation](const QStringList &errors) {
                if (generation != m_generation)
                    return;
                applyLoadedSecrets(*copy);
                emit secretsLoaded(providerCode, errors);
            });
    });
}

void WorkspaceDocument::applyLoadedSecrets(const ProviderInstance &loaded)
{
    bool changed = false;
    // Loading is not an edit: the same values go into the saved snapshots, so neither the
    // modified state nor the next secret save sees a difference.
    for (Workspace *workspace : {&m_workspace, &m_saved, &m_secretsSynced}) {
        const int at = workspace->providerIndex(loaded.code);
        if (at < 0)
            continue;
        ProviderInstance &provider = workspace->providers[at];
        for (Credential &credential : provider.credentials) {
            const Credential *value = loaded.credential(credential.key);
            if (credential.secret && !credential.valueLoaded && value && value->valueLoaded) {
                credential.value = value->value;
                credential.valueLoaded = true;
                changed = changed || workspace == &m_workspace;
            }
        }
    }
    if (changed)
        emit itemChanged(ItemKind::Provider, loaded.code, loaded.code);
}

template <typename T>
void WorkspaceDocument::applyItem(int index, const std::optional<T> &from,
                                  const std::optional<T> &to)
{
    auto &items = Items<T>::of(m_workspace);
    const ItemKind kind = Items<T>::kind;
    if (!from) {
        items.insert(qBound(0, index, int(items.size())), *to);
        if (!m_quiet)
            emit itemAdded(kind, Items<T>::key(*to));
        return;
    }
    const QString oldKey = Items<T>::key(*from);
    const int at = Items<T>::indexOf(m_workspace, oldKey);
    Q_ASSERT(at >= 0);
    if (!to) {
        items.remove(at);
        if (!m_quiet)
            emit itemRemoved(kind, oldKey);
        return;
    }
    const QString newKey = Items<T>::key(*to);
    if (newKey != oldKey)
        Items<T>::rename(m_workspace, oldKey, newKey);
    T next = *to;
    Items<T>::carryOver(items.at(at), next);
    items[at] = next;
    if (!m_quiet)
        emit itemChanged(kind, newKey, oldKey);
}

template <typename T>
bool WorkspaceDocument::pushItem(const std::optional<QString> &key, const std::optional<T> &after,
                                 const QString &mergeField, QString *error)
{
    const auto &items = Items<T>::of(m_workspace);
    const QString noun = Items<T>::noun();
    const int at = key ? Items<T>::indexOf(m_workspace, *key) : -1;
    if (key && at < 0) {
        setError(error, tr("There is no %1 \u201c%2\u201d.").arg(noun, *key));
        return false;
    }
    if (after) {
        const QString newKey = Items<T>::key(*after);
        if (newKey.trimmed().isEmpty()) {
            setError(error, tr("A %1 needs a %2.")
                                .arg(noun, Items<T>::kind == ItemKind::Platform ? tr("name")
                                                                                : tr("code")));
            return false;
        }
        if ((!key || newKey != *key) && Items<T>::indexOf(m_workspace, newKey) >= 0) {
            setError(error, tr("Another %1 is already called \u201c%2\u201d.").arg(noun, newKey));
            return false;
        }
        if (at >= 0 && items.at(at) == *after)
            return true;
    }
    std::optional<T> before;
    if (at >= 0)
        before = items.at(at);
    m_undoStack->push(
        new ItemCommand<T>(this, at >= 0 ? at : int(items.size()), before, after, mergeField));
    return true;
}

bool WorkspaceDocument::addPlatform(const Platform &platform, QString *error)
{
    return pushItem<Platform>(std::nullopt, platform, QString(), error);
}

bool WorkspaceDocument::updatePlatform(const QString &name, const Platform &platform,
                                       const QString &mergeField, QString *error)
{
    return pushItem<Platform>(name, platform, mergeField, error);
}

bool WorkspaceDocument::removePlatform(const QString &name, QString *error)
{
    const int at = m_workspace.platformIndex(name);
    if (at < 0) {
        setError(error, tr("There is no platform \u201c%1\u201d.").arg(name));
        return false;
    }
    auto *command = new BulkCommand(this, commandText<Platform>(m_workspace.platforms.at(at), {}));
    const QVector<int> providers = m_workspace.providersOfPlatform(name);
    // Highest index first, so undo re-inserts each one where it was.
    for (auto it = providers.crbegin(); it != providers.crend(); ++it)
        new ItemCommand<ProviderInstance>(this, *it, m_workspace.providers.at(*it), std::nullopt,
                                          QString(), command);
    new ItemCommand<Platform>(this, at, m_workspace.platforms.at(at), std::nullopt, QString(),
                              command);
    m_undoStack->push(command);
    return true;
}

bool WorkspaceDocument::addProvider(const ProviderInstance &provider, QString *error)
{
    return pushItem<ProviderInstance>(std::nullopt, provider, QString(), error);
}

bool WorkspaceDocument::updateProvider(const QString &code, const ProviderInstance &provider,
                                       const QString &mergeField, QString *error)
{
    return pushItem<ProviderInstance>(code, provider, mergeField, error);
}

bool WorkspaceDocument::removeProvider(const QString &code, QString *error)
{
    return pushItem<ProviderInstance>(code, std::nullopt, QString(), error);
}

bool WorkspaceDocument::addRegion(const Region &region, QString *error)
{
    return pushItem<Region>(std::nullopt, region, QString(), error);
}

bool WorkspaceDocument::updateRegion(const QString &code, const Region &region,
                                     const QString &mergeField, QString *error)
{
    return pushItem<Region>(code, region, mergeField, error);
}

bool WorkspaceDocument::setOpenfrontConnection(const OpenfrontConnection &connection)
{
    if (connection == m_workspace.openfront)
        return false;
    m_undoStack->push(new ConnectionCommand(this, m_workspace.openfront, connection));
    return true;
}

bool WorkspaceDocument::removeRegion(const QString &code, QString *error)
{
    const int at = m_workspace.regionIndex(code);
    if (at < 0) {
        setError(error, tr("There is no region \u201c%1\u201d.").arg(code));
        return false;
    }
    auto *command = new BulkCommand(this, commandText<Region>(m_workspace.regions.at(at), {}));
    for (int i = 0; i < m_workspace.providers.size(); ++i) {
        const ProviderInstance &provider = m_workspace.providers.at(i);
        if (!provider.regions.contains(code))
            continue;
        ProviderInstance next = provider;
        next.regions.removeAll(code);
        new ItemCommand<ProviderInstance>(this, i, provider, next, QString(), command);
    }
    new ItemCommand<Region>(this, at, m_workspace.regions.at(at), std::nullopt, QString(), command);
    m_undoStack->push(command);
    return true;
}

namespace {
template <typename Exists>
QString uniqueName(const QString &base, const QString &separator, Exists exists)
{
    if (!exists(base))
        return base;
    for (int n = 2;; ++n) {
        QString candidate = base + separator + QString::number(n);
        if (!exists(candidate))
            return candidate;
    }
}
} // namespace

QString WorkspaceDocument::uniquePlatformName(const QString &base) const
{
    return uniqueName(base, QStringLiteral(" "),
                      [this](const QString &n) { return m_workspace.platformIndex(n) >= 0; });
}

QString WorkspaceDocument::uniqueProviderCode(const QString &base) const
{
    return uniqueName(base, QStringLiteral("-"),
                      [this](const QString &c) { return m_workspace.providerIndex(c) >= 0; });
}

QString WorkspaceDocument::uniqueRegionCode(const QString &base) const
{
    return uniqueName(base, QStringLiteral("-"),
                      [this](const QString &c) { return m_workspace.regionIndex(c) >= 0; });
}

} // namespace paybench
