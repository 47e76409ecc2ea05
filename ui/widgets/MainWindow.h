#pragma once

#include "Validation.h"

#include <QKeySequence>
#include <QMainWindow>

#include <functional>

class QLabel;
class QLineEdit;
class QMenu;
class QModelIndex;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QTreeView;

namespace paybench {
namespace io {
class FileChangeWatcher;
}

class PlatformEditor;
class ProviderEditor;
class RegionEditor;
class WorkspaceDocument;
class WorkspaceLoader;
class WorkspaceTreeModel;

// The Paybench window: the workspace tree with its filter on the left, the editor of the
// selected item and further workbench panels (tabs) on the right. Every edit goes through
// document(); the window only shows it and asks for files and answers.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    enum class UnsavedChoice { Save, Discard, Cancel };
    // Asked before closing, New or Open with unsaved changes; tests inject the answer.
    using UnsavedChangesPrompt = std::function<UnsavedChoice(const QString &documentName)>;
    enum class DiskChoice { Reload, KeepMine, Cancel };
    // Asked when the open file changed on disk (another program or window wrote it), and before
    // a save would overwrite such a change (beforeSave); tests inject the answer.
    using ChangedOnDiskPrompt =
        std::function<DiskChoice(const QString &documentName, bool beforeSave)>;
    // Asked for a file to open (forSaving false) or save to; empty when cancelled.
    using FileChooser = std::function<QString(bool forSaving, const QString &directory)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    // A keyboard shortcut for Help › Keyboard shortcuts: where it works, its keys, what it does.
    struct ShortcutHelp {
        QString where;
        QKeySequence keys;
        QString what;
    };

    [[nodiscard]] WorkspaceDocument *document() const { return m_document; }
    // Adds a panel as a tab next to the editor (the gateway and call panels).
    void addWorkbenchPanel(QWidget *panel, const QString &title);
    // Brings the tab holding panel (as given to addWorkbenchPanel) to the front.
    void showWorkbenchPanel(QWidget *panel);
    [[nodiscard]] QWidget *currentWorkbenchPanel() const;
    // Adds an entry to the Help menu, above About.
    void addHelpAction(QAction *action);
    // Shortcuts of widgets made later (a panel's own keys), listed with the window's actions.
    void addShortcutHelp(const QString &where, const QList<QPair<QKeySequence, QString>> &keys);
    // Every keyboard shortcut of the window: its actions, then those added above.
    [[nodiscard]] QVector<ShortcutHelp> keyboardShortcuts() const;

    // Opens a workspace file; a file that cannot be loaded is reported (lastError()) and the
    // open workspace stays. No unsaved-changes prompt: the actions ask before calling this.
    bool openFile(const QString &path);
    // The same, parsing the file on a worker thread: the window shows at once and the
    // workspace follows (openFinished). The workspace cannot be edited meanwhile.
    void openFileInBackground(const QString &path, bool addToRecentFiles = true);
    // The same for a load started earlier (main() starts it before building the window).
    void openFileInBackground(const WorkspaceLoader &load, bool addToRecentFiles = true);
    [[nodiscard]] bool isOpening() const { return !m_openingPath.isEmpty(); }
    bool saveToFile(const QString &path);
    [[nodiscard]] QString lastError() const { return m_lastError; }

    void setUnsavedChangesPrompt(UnsavedChangesPrompt prompt) { m_prompt = std::move(prompt); }
    void setFileChooser(FileChooser chooser) { m_chooser = std::move(chooser); }
    void setChangedOnDiskPrompt(ChangedOnDiskPrompt prompt) { m_diskPrompt = std::move(prompt); }

    // The selected platform, or the platform of the selected provider instance; else empty.
    [[nodiscard]] QString currentPlatformName() const { return m_currentPlatform; }
    // The selected provider instance; else empty.
    [[nodiscard]] QString currentProviderCode() const { return m_currentProvider; }
    void selectItem(ItemKind kind, const QString &key);
    void setFilterText(const QString &text);
    // Shows the editor tab (the item selected in the tree).
    void showEditor();

    [[nodiscard]] QTreeView *treeView() const { return m_tree; }
    [[nodiscard]] QSortFilterProxyModel *filterModel() const { return m_filter; }
    // The editors of the selected item (made on first use).
    PlatformEditor *platformEditor();
    ProviderEditor *providerEditor();
    RegionEditor *regionEditor();

signals:
    void openFinished(bool ok, const QString &error);
    // The selection moved to another platform or provider instance (or one was renamed).
    void currentSelectionChanged(const QString &platformName, const QString &providerCode);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createLayout();
    QWidget *createPlaceholderPage(QWidget *parent);
    void setEditorPage(int page, QWidget *editor);
    // False, with the reason at the field, while the open editor shows an error.
    bool editorAllowsSave();
    void restoreWindowState();
    void saveWindowState();
    void showFirstItem();
    void updateTitle();
    void updateActions();
    void fillRecentMenu();
    void onCurrentChanged(const QModelIndex &proxyIndex);
    void onItemChanged(ItemKind kind, const QString &key, const QString &previousKey);
    void setCurrent(const QString &platform, const QString &provider);
    void applyFilter();
    void reportError(const QString &title, const QString &text);
    bool maybeSave();
    void onFileChangedOnDisk();
    // again: the file changed once more while the question before was open.
    [[nodiscard]] DiskChoice askAboutDisk(bool beforeSave, bool again = false);

    void newWorkspace();
    void open();
    bool save();
    bool saveAs();
    void addPlatform();
    void addProvider();
    void addRegion();
    void removeSelected();
    void showAbout();

    WorkspaceDocument *m_document;
    WorkspaceTreeModel *m_model;
    QSortFilterProxyModel *m_filter;
    QTreeView *m_tree = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QTimer *m_filterTimer = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_workbench = nullptr;
    QStackedWidget *m_pages = nullptr;
    QWidget *m_placeholder = nullptr;
    QLabel *m_placeholderText = nullptr;
    PlatformEditor *m_platformEditor = nullptr;
    ProviderEditor *m_providerEditor = nullptr;
    RegionEditor *m_regionEditor = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_helpTopicsEnd = nullptr; // addHelpAction inserts above it
    QVector<ShortcutHelp> m_shortcutHelp;
    QAction *m_saveAction = nullptr;
    QAction *m_addProviderAction = nullptr;
    QAction *m_removeAction = nullptr;
    QList<QAction *> m_editActions; // off while a workspace is being opened
    UnsavedChangesPrompt m_prompt;
    FileChooser m_chooser;
    ChangedOnDiskPrompt m_diskPrompt;
    io::FileChangeWatcher *m_watcher = nullptr;
    bool m_askingAboutDisk = false; // one question at a time
    QString m_lastError;
    QString m_openingPath; // while openFileInBackground works
    QString m_currentPlatform;
    QString m_currentProvider;
};

} // namespace paybench
