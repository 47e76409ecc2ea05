#include "MainWindow.h"

#include "ClearButton.h"
#include "FileChangeWatcher.h"
#include "PlatformEditor.h"
#include "ProviderEditor.h"
#include "RecentFiles.h"
#include "RegionEditor.h"
#include "SymbolicIcon.h"
#include "WorkspaceDocument.h"
#include "WorkspaceLoader.h"
#include "WorkspaceTreeModel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace paybench {
namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kSplitterKey = QStringLiteral("mainWindow/splitter");
const QString kFileSuffix = QStringLiteral(".paybench.json");

// The stacked pages of the editor tab.
enum Page { PlaceholderPage, PlatformPage, ProviderPage, RegionPage };

QScrollArea *scrolled(QWidget *page)
{
    auto *area = new QScrollArea;
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_document(new WorkspaceDocument(this)),
      m_model(new WorkspaceTreeModel(m_document, this)), m_filter(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    SecretStoreOptions options;
    options.passphrasePrompt = [this]() -> std::optional<QString> {
        bool ok = false;
        const QString passphrase = QInputDialog::getText(
            this, tr("Vault passphrase"),
            tr("No keychain answers here: secret values are kept in an encrypted vault next to "
               "the workspace.\nVault passphrase:"),
            QLineEdit::Password, QString(), &ok);
        return ok ? std::optional<QString>(passphrase) : std::nullopt;
    };
    m_document->setSecretStoreOptions(options);

    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(WorkspaceTreeModel::FilterRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setRecursiveFilteringEnabled(true);
    m_filter->setAutoAcceptChildRows(true); // a matching platform shows all its providers

    createLayout();
    createActions();
    restoreWindowState();

    connect(m_document, &WorkspaceDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &WorkspaceDocument::filePathChanged, this, &MainWindow::updateTitle);
    m_watcher = new io::FileChangeWatcher(this);
    connect(m_watcher, &io::FileChangeWatcher::fileChanged, this, &MainWindow::onFileChangedOnDisk);
    // Again after every load, also of the same file: polls while it loaded were not acted on.
    const auto watchOpenFile = [this] {
        m_watcher->setPath(m_document->filePath(), m_document->diskLook());
    };
    connect(m_document, &WorkspaceDocument::filePathChanged, m_watcher, watchOpenFile);
    connect(m_document, &WorkspaceDocument::workspaceReplaced, m_watcher, watchOpenFile);
    connect(m_document, &WorkspaceDocument::itemChanged, this, &MainWindow::onItemChanged);
    connect(m_document, &WorkspaceDocument::itemAdded, this, &MainWindow::updateActions);
    connect(m_document, &WorkspaceDocument::itemRemoved, this, &MainWindow::updateActions);
    connect(m_document, &WorkspaceDocument::workspaceReplaced, this, &MainWindow::showFirstItem);
    connect(m_document, &WorkspaceDocument::secretsSaved, this, [this](const QStringList &errors) {
        if (errors.isEmpty())
            statusBar()->showMessage(tr("Secret values saved"), 4000);
        else
            reportError(tr("Secret values not saved"),
                        tr("The workspace file was saved, but the secret store did not take "
                           "every secret value:\n\n%1")
                            .arg(errors.join(QLatin1Char('\n'))));
    });
    showFirstItem();
    updateTitle();
}

void MainWindow::showFirstItem()
{
    m_tree->expandToDepth(0);
    // An opened workspace shows its first provider instance (else platform) at once.
    const Workspace &workspace = m_document->workspace();
    if (!m_tree->currentIndex().isValid()) {
        if (!workspace.platforms.isEmpty()) {
            const QString &platform = workspace.platforms.constFirst().name;
            if (const ProviderInstance *first = workspace.firstProviderOf(platform))
                selectItem(ItemKind::Provider, first->code);
            else
                selectItem(ItemKind::Platform, platform);
        }
    }
    onCurrentChanged(m_tree->currentIndex());
}

MainWindow::~MainWindow() = default;

void MainWindow::createLayout()
{
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);

    auto *left = new QWidget(m_splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_filterEdit = new QLineEdit(left);
    m_filterEdit->setObjectName(QStringLiteral("filter"));
    m_filterEdit->setPlaceholderText(tr("Filter platforms, providers, regions"));
    addClearButton(m_filterEdit);
    m_filterEdit->setAccessibleName(tr("Filter"));
    leftLayout->addWidget(m_filterEdit);
    m_tree = new QTreeView(left);
    m_tree->setObjectName(QStringLiteral("workspaceTree"));
    m_tree->setModel(m_filter);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true); // keeps 10,000 rows cheap to lay out
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setAccessibleName(tr("Workspace"));
    leftLayout->addWidget(m_tree);
    left->setMinimumWidth(220);

    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(120); // one filter pass per typing burst
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterTimer, &QTimer::timeout, this, &MainWindow::applyFilter);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::onCurrentChanged);

    m_workbench = new QTabWidget(m_splitter);
    m_workbench->setObjectName(QStringLiteral("workbench"));
    m_workbench->setDocumentMode(true);
    m_pages = new QStackedWidget;
    m_placeholder = createPlaceholderPage(m_pages);
    m_pages->insertWidget(PlaceholderPage, m_placeholder);
    // The editors are made when first shown (editorPage): start-up builds only what it shows.
    for (int page : {PlatformPage, ProviderPage, RegionPage})
        m_pages->insertWidget(page, new QWidget(m_pages));
    m_workbench->addTab(m_pages, tr("Editor"));

    m_splitter->addWidget(left);
    m_splitter->addWidget(m_workbench);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({300, 800});
    setCentralWidget(m_splitter);
}

void MainWindow::setEditorPage(int page, QWidget *editor)
{
    QWidget *stub = m_pages->widget(page);
    m_pages->removeWidget(stub);
    stub->deleteLater();
    m_pages->insertWidget(page, scrolled(editor));
}

PlatformEditor *MainWindow::platformEditor()
{
    if (!m_platformEditor) {
        m_platformEditor = new PlatformEditor(m_document);
        connect(m_platformEditor, &PlatformEditor::addProviderRequested, this,
                &MainWindow::addProvider);
        setEditorPage(PlatformPage, m_platformEditor);
    }
    return m_platformEditor;
}

ProviderEditor *MainWindow::providerEditor()
{
    if (!m_providerEditor) {
        m_providerEditor = new ProviderEditor(m_document);
        connect(m_providerEditor, &ProviderEditor::statusMessage, this,
                [this](const QString &message) { statusBar()->showMessage(message, 4000); });
        setEditorPage(ProviderPage, m_providerEditor);
    }
    return m_providerEditor;
}

RegionEditor *MainWindow::regionEditor()
{
    if (!m_regionEditor) {
        m_regionEditor = new RegionEditor(m_document);
        setEditorPage(RegionPage, m_regionEditor);
    }
    return m_regionEditor;
}

QWidget *MainWindow::createPlaceholderPage(QWidget *parent)
{
    auto *page = new QWidget(parent);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    m_placeholderText = new QLabel(page);
    m_placeholderText->setWordWrap(true);
    m_placeholderText->setAlignment(Qt::AlignCenter);
    m_placeholderText->setTextFormat(Qt::RichText);
    layout->addWidget(m_placeholderText);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    auto *platform = new QPushButton(tr("Add a platform"), page);
    auto *region = new QPushButton(tr("Add a region"), page);
    buttons->addWidget(platform);
    buttons->addWidget(region);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addStretch(2);
    connect(platform, &QPushButton::clicked, this, &MainWindow::addPlatform);
    connect(region, &QPushButton::clicked, this, &MainWindow::addRegion);
    return page;
}

void MainWindow::createActions()
{
    auto make = [this](const QString &name, const QString &text, const QIcon &icon,
                       const QKeySequence &shortcut, void (MainWindow::*slot)()) {
        auto *action = new QAction(icon, text, this);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    QAction *newAction =
        make(QStringLiteral("actionNew"), tr("&New Workspace"), symbolicIcon(Symbol::NewWorkspace),
             QKeySequence::New, &MainWindow::newWorkspace);
    QAction *openAction = make(QStringLiteral("actionOpen"), tr("&Open\u2026"),
                               symbolicIcon(Symbol::Open), QKeySequence::Open, &MainWindow::open);
    m_saveAction = new QAction(symbolicIcon(Symbol::Save), tr("&Save"), this);
    m_saveAction->setObjectName(QStringLiteral("actionSave"));
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::save);
    auto *saveAsAction = new QAction(tr("Save &As\u2026"), this);
    saveAsAction->setObjectName(QStringLiteral("actionSaveAs"));
    saveAsAction->setShortcut(QKeySequence::SaveAs);
    connect(saveAsAction, &QAction::triggered, this, &MainWindow::saveAs);
    auto *quitAction = new QAction(tr("&Quit"), this);
    quitAction->setObjectName(QStringLiteral("actionQuit"));
    quitAction->setShortcut(QKeySequence::Quit);
    quitAction->setMenuRole(QAction::QuitRole);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QAction *undoAction = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undoAction->setObjectName(QStringLiteral("actionUndo"));
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setIcon(symbolicIcon(Symbol::Undo));
    QAction *redoAction = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redoAction->setObjectName(QStringLiteral("actionRedo"));
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setIcon(symbolicIcon(Symbol::Redo));

    QAction *addPlatformAction = make(
        QStringLiteral("actionAddPlatform"), tr("Add &Platform"), symbolicIcon(Symbol::Platform),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), &MainWindow::addPlatform);
    m_addProviderAction =
        make(QStringLiteral("actionAddProvider"), tr("Add Provider &Instance"),
             symbolicIcon(Symbol::Provider), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
             &MainWindow::addProvider);
    QAction *addRegionAction =
        make(QStringLiteral("actionAddRegion"), tr("Add Re&gion"), symbolicIcon(Symbol::Region),
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), &MainWindow::addRegion);
    m_removeAction =
        make(QStringLiteral("actionRemove"), tr("&Remove Selected"), symbolicIcon(Symbol::Remove),
             QKeySequence::Delete, &MainWindow::removeSelected);
    // Delete removes an item only from the tree: in a text field it deletes text.
    m_removeAction->setShortcutContext(Qt::WidgetShortcut);
    // The tree's context menu: the same actions (the Delete shortcut works in the tree only).
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_tree->addActions(
        {addPlatformAction, m_addProviderAction, addRegionAction, separator, m_removeAction});
    auto *findAction = new QAction(tr("&Filter"), this);
    findAction->setObjectName(QStringLiteral("actionFilter"));
    findAction->setShortcut(QKeySequence::Find);
    connect(findAction, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });

    m_editActions = {addPlatformAction, addRegionAction, m_saveAction,
                     saveAsAction,      newAction,       openAction};

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAction);
    file->addAction(openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(saveAsAction);
    file->addSeparator();
    file->addAction(quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undoAction);
    edit->addAction(redoAction);
    edit->addSeparator();
    edit->addAction(addPlatformAction);
    edit->addAction(m_addProviderAction);
    edit->addAction(addRegionAction);
    edit->addAction(m_removeAction);
    edit->addSeparator();
    edit->addAction(findAction);

    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    m_helpTopicsEnd = m_helpMenu->addSeparator();
    auto *about = m_helpMenu->addAction(tr("&About Paybench"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    auto *aboutQt = m_helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(newAction);
    tools->addAction(openAction);
    tools->addAction(m_saveAction);
    tools->addSeparator();
    tools->addAction(undoAction);
    tools->addAction(redoAction);
    // Their text names the command ("Undo Rename platform ..."): icons only, text as tooltip.
    for (QAction *action : {undoAction, redoAction}) {
        if (auto *button = qobject_cast<QToolButton *>(tools->widgetForAction(action)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
    tools->addSeparator();
    tools->addAction(addPlatformAction);
    tools->addAction(m_addProviderAction);
    tools->addAction(addRegionAction);
    tools->addAction(m_removeAction);
}

void MainWindow::addWorkbenchPanel(QWidget *panel, const QString &title)
{
    m_workbench->addTab(panel, title);
}

void MainWindow::showWorkbenchPanel(QWidget *panel)
{
    m_workbench->setCurrentWidget(panel);
}

QWidget *MainWindow::currentWorkbenchPanel() const
{
    return m_workbench->currentWidget();
}

void MainWindow::showEditor()
{
    m_workbench->setCurrentWidget(m_pages);
}

void MainWindow::addHelpAction(QAction *action)
{
    m_helpMenu->insertAction(m_helpTopicsEnd, action);
}

void MainWindow::addShortcutHelp(const QString &where,
                                 const QList<QPair<QKeySequence, QString>> &keys)
{
    for (const auto &[sequence, what] : keys)
        m_shortcutHelp.append({where, sequence, what});
}

QVector<MainWindow::ShortcutHelp> MainWindow::keyboardShortcuts() const
{
    QVector<ShortcutHelp> all;
    const QList<QAction *> actions = findChildren<QAction *>();
    for (const QAction *action : actions) {
        if (action->shortcut().isEmpty())
            continue;
        // A widget shortcut works where its widget has the focus: say which one.
        QString where = tr("Window");
        if (action->shortcutContext() == Qt::WidgetShortcut ||
            action->shortcutContext() == Qt::WidgetWithChildrenShortcut) {
            for (const QObject *object : action->associatedObjects()) {
                if (const auto *widget = qobject_cast<const QWidget *>(object);
                    widget && !widget->accessibleName().isEmpty()) {
                    where = widget->accessibleName();
                    break;
                }
            }
        }
        // "&Undo Rename platform" reads "Undo": the command name, not its current target.
        QString what = action->text().remove(QLatin1Char('&'));
        if (action->objectName() == QLatin1String("actionUndo") ||
            action->objectName() == QLatin1String("actionRedo"))
            what = what.section(QLatin1Char(' '), 0, 0);
        all.append({where, action->shortcut(), what.remove(QStringLiteral("\u2026"))});
    }
    all += m_shortcutHelp;
    return all;
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        // First start: most of the screen (all of a small one), centred.
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        const QSize size(qMin(1600, available.width() * (available.width() > 1400 ? 8 : 10) / 10),
                         qMin(1000, available.height() * (available.height() > 900 ? 8 : 10) / 10));
        setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, available));
    }
    restoreState(settings.value(kStateKey).toByteArray());
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
}

void MainWindow::saveWindowState()
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] \u2014 Paybench").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateActions()
{
    for (QAction *action : std::as_const(m_editActions))
        action->setEnabled(!isOpening());
    m_addProviderAction->setEnabled(!isOpening() && !m_document->workspace().platforms.isEmpty());
    const QModelIndex current = m_filter->mapToSource(m_tree->currentIndex());
    const auto node = WorkspaceTreeModel::Node(current.data(WorkspaceTreeModel::NodeRole).toInt());
    m_removeAction->setEnabled(current.isValid() && (node == WorkspaceTreeModel::Node::Platform ||
                                                     node == WorkspaceTreeModel::Node::Provider ||
                                                     node == WorkspaceTreeModel::Node::Region));
    if (m_pages->currentIndex() == PlaceholderPage) {
        const Workspace &workspace = m_document->workspace();
        m_placeholderText->setText(
            isOpening() ? tr("<h3>Opening %1\u2026</h3>")
                              .arg(QFileInfo(m_openingPath).fileName().toHtmlEscaped())
            : workspace.platforms.isEmpty()
                ? tr("<h3>%1</h3><p>This workspace is empty. Start with a platform: the six URLs "
                     "Openfront calls. Then add provider instances under it.</p>")
                      .arg(m_document->displayName().toHtmlEscaped())
                : tr("<h3>%1</h3><p>Platforms: %2 · provider instances: %3 · "
                     "regions: %4</p><p>Select an item in the tree to edit it.</p>")
                      .arg(m_document->displayName().toHtmlEscaped())
                      .arg(workspace.platforms.size())
                      .arg(workspace.providers.size())
                      .arg(workspace.regions.size()));
    }
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList paths = RecentFiles::list();
    for (const QString &path : paths) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openFile(path);
        });
    }
    if (paths.isEmpty())
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("&Clear List"), this, [] { RecentFiles::clear(); });
}

void MainWindow::onCurrentChanged(const QModelIndex &proxyIndex)
{
    const QModelIndex current = m_filter->mapToSource(proxyIndex);
    const auto node = WorkspaceTreeModel::Node(current.data(WorkspaceTreeModel::NodeRole).toInt());
    const QString key = m_model->key(current);
    QString platform;
    QString provider;
    int page = PlaceholderPage;
    if (current.isValid()) {
        switch (node) {
        case WorkspaceTreeModel::Node::Platform:
            page = PlatformPage;
            platform = key;
            break;
        case WorkspaceTreeModel::Node::Provider:
            page = ProviderPage;
            provider = key;
            if (const ProviderInstance *p = m_document->workspace().provider(key))
                platform = p->platform;
            break;
        case WorkspaceTreeModel::Node::Region:
            page = RegionPage;
            break;
        case WorkspaceTreeModel::Node::OrphanGroup:
        case WorkspaceTreeModel::Node::RegionGroup:
            break;
        }
    }
    // Only the shown editor follows an item: hidden ones do no validation work.
    if (page == PlatformPage || m_platformEditor)
        platformEditor()->setItem(page == PlatformPage ? key : QString());
    if (page == ProviderPage || m_providerEditor)
        providerEditor()->setItem(page == ProviderPage ? key : QString());
    if (page == RegionPage || m_regionEditor)
        regionEditor()->setItem(page == RegionPage ? key : QString());
    m_pages->setCurrentIndex(page);
    setCurrent(platform, provider);
    updateActions();
}

void MainWindow::setCurrent(const QString &platform, const QString &provider)
{
    if (platform == m_currentPlatform && provider == m_currentProvider)
        return;
    m_currentPlatform = platform;
    m_currentProvider = provider;
    emit currentSelectionChanged(platform, provider);
}

void MainWindow::onItemChanged(ItemKind kind, const QString &key, const QString &previousKey)
{
    if (kind == ItemKind::Platform && previousKey == m_currentPlatform)
        setCurrent(key, m_currentProvider);
    else if (kind == ItemKind::Provider && previousKey == m_currentProvider) {
        const ProviderInstance *provider = m_document->workspace().provider(key);
        setCurrent(provider ? provider->platform : QString(), key);
    }
}

void MainWindow::selectItem(ItemKind kind, const QString &key)
{
    QModelIndex index = m_filter->mapFromSource(m_model->indexOf(kind, key));
    if (!index.isValid() && !m_filterEdit->text().isEmpty()) {
        setFilterText(QString()); // the new item must be visible
        index = m_filter->mapFromSource(m_model->indexOf(kind, key));
    }
    if (!index.isValid())
        return;
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

void MainWindow::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
    applyFilter();
}

void MainWindow::applyFilter()
{
    m_filterTimer->stop();
    m_filter->setFilterFixedString(m_filterEdit->text().trimmed());
    if (!m_filterEdit->text().isEmpty())
        m_tree->expandToDepth(0);
    if (m_tree->currentIndex().isValid())
        m_tree->scrollTo(m_tree->currentIndex());
}

void MainWindow::reportError(const QString &title, const QString &text)
{
    m_lastError = text;
    statusBar()->showMessage(title, 6000);
    // Not exec(): nothing waits on the answer, and tests never block on a modal.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::onFileChangedOnDisk()
{
    if (m_askingAboutDisk || isOpening() || !m_document->changedOnDisk())
        return; // our own save, or a question already open
    if (askAboutDisk(false) == DiskChoice::Reload)
        openFile(m_document->filePath());
}

MainWindow::DiskChoice MainWindow::askAboutDisk(bool beforeSave, bool again)
{
    m_askingAboutDisk = true;
    DiskChoice choice = DiskChoice::Cancel;
    if (m_diskPrompt) {
        choice = m_diskPrompt(m_document->displayName(), beforeSave);
    } else {
        const QString name = m_document->displayName();
        QString text;
        if (again)
            text = tr("%1 changed on disk again while you were asked (another program or window "
                      "wrote it). Saving now would overwrite that change too.")
                       .arg(name);
        else if (beforeSave)
            text = tr("%1 changed on disk since you opened it. Saving now would overwrite that "
                      "change.")
                       .arg(name);
        else
            text = tr("%1 changed on disk (another program or window wrote it).%2")
                       .arg(name, m_document->isModified()
                                      ? tr(" Reloading drops your unsaved changes.")
                                      : QString());
        QMessageBox box(QMessageBox::Warning, tr("File changed on disk"), text,
                        QMessageBox::NoButton, this);
        QPushButton *reload = box.addButton(tr("&Reload"), QMessageBox::AcceptRole);
        QPushButton *keep = box.addButton(beforeSave ? tr("&Overwrite") : tr("&Keep mine"),
                                          QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(reload);
        box.exec();
        choice = box.clickedButton() == reload ? DiskChoice::Reload
                 : box.clickedButton() == keep ? DiskChoice::KeepMine
                                               : DiskChoice::Cancel;
    }
    m_askingAboutDisk = false;
    return choice;
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    UnsavedChoice choice = UnsavedChoice::Cancel;
    if (m_prompt) {
        choice = m_prompt(m_document->displayName());
    } else {
        const auto answer = QMessageBox::warning(
            this, tr("Unsaved changes"),
            tr("%1 has changes that are not saved.\nSave them?").arg(m_document->displayName()),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        choice = answer == QMessageBox::Save      ? UnsavedChoice::Save
                 : answer == QMessageBox::Discard ? UnsavedChoice::Discard
                                                  : UnsavedChoice::Cancel;
    }
    switch (choice) {
    case UnsavedChoice::Save:
        return save();
    case UnsavedChoice::Discard:
        return true;
    case UnsavedChoice::Cancel:
        break;
    }
    return false;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    if (m_document->isSavingSecrets()) {
        // Quitting now would drop secret values on their way to the store: close after.
        event->ignore();
        statusBar()->showMessage(tr("Saving secret values\u2026"));
        connect(m_document, &WorkspaceDocument::secretsSaved, this, &QWidget::close,
                Qt::SingleShotConnection);
        return;
    }
    saveWindowState();
    event->accept();
}

bool MainWindow::openFile(const QString &path)
{
    QString error;
    if (!m_document->open(path, &error)) {
        reportError(tr("Cannot open the workspace"),
                    tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    RecentFiles::add(path);
    m_lastError.clear();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void MainWindow::openFileInBackground(const QString &path, bool addToRecentFiles)
{
    openFileInBackground(WorkspaceLoader(path), addToRecentFiles);
}

void MainWindow::openFileInBackground(const WorkspaceLoader &load, bool addToRecentFiles)
{
    const QString &path = load.path();
    m_openingPath = path;
    centralWidget()->setEnabled(false);
    updateActions();
    statusBar()->showMessage(tr("Opening %1\u2026").arg(QDir::toNativeSeparators(path)));
    load.whenDone(this, [this, path, addToRecentFiles](const WorkspaceLoadResult &result) {
        m_openingPath.clear();
        centralWidget()->setEnabled(true);
        statusBar()->clearMessage();
        if (!result.workspace) {
            updateActions();
            reportError(tr("Cannot open the workspace"),
                        tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), result.error));
            emit openFinished(false, result.error);
            return;
        }
        m_document->adoptWorkspace(*result.workspace, path, result.contentStamp, result.fileLook);
        if (addToRecentFiles)
            RecentFiles::add(path);
        m_lastError.clear();
        if (result.migratedFromVersion > 0)
            statusBar()->showMessage(
                tr("Read a format version %1 workspace: saving writes version %2")
                    .arg(result.migratedFromVersion)
                    .arg(kWorkspaceFormatVersion),
                8000);
        emit openFinished(true, QString());
    });
}

bool MainWindow::saveToFile(const QString &path)
{
    if (!editorAllowsSave())
        return false;
    // "Overwrite" answers for the change the question was about: the document refuses one
    // made while the question was open, and that one is asked about in turn.
    std::optional<QByteArray> overwriting;
    std::optional<QByteArray> changeOnDisk;
    QString error;
    while (!m_document->saveAs(path, &error, overwriting, &changeOnDisk)) {
        if (!changeOnDisk) {
            reportError(tr("Cannot save the workspace"),
                        tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), error));
            return false;
        }
        switch (askAboutDisk(true, overwriting.has_value())) {
        case DiskChoice::Reload:
            openFile(m_document->filePath());
            return false;
        case DiskChoice::KeepMine:
            overwriting = changeOnDisk;
            break;
        case DiskChoice::Cancel:
            return false;
        }
    }
    RecentFiles::add(path);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::editorAllowsSave()
{
    ItemEditor *editor = nullptr;
    switch (m_pages->currentIndex()) {
    case PlatformPage:
        editor = m_platformEditor;
        break;
    case ProviderPage:
        editor = m_providerEditor;
        break;
    case RegionPage:
        editor = m_regionEditor;
        break;
    default:
        break;
    }
    const std::optional<Finding> error = editor ? editor->firstError() : std::nullopt;
    if (!error)
        return true;
    // The typed text stays where it is, with its reason below it; saving now would write the
    // last valid value without a word, or an invalid one.
    showEditor();
    editor->focusField(error->field);
    statusBar()->showMessage(tr("Not saved: %1 %2").arg(error->field, error->message), 8000);
    return false;
}

void MainWindow::newWorkspace()
{
    if (maybeSave())
        m_document->newWorkspace();
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    const QString directory =
        m_document->filePath().isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
            : QFileInfo(m_document->filePath()).absolutePath();
    const QString path =
        m_chooser ? m_chooser(false, directory)
                  : QFileDialog::getOpenFileName(this, tr("Open Workspace"), directory,
                                                 tr("Paybench workspaces (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveToFile(m_document->filePath());
}

bool MainWindow::saveAs()
{
    const QString directory =
        m_document->filePath().isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
            : QFileInfo(m_document->filePath()).absolutePath();
    QString path =
        m_chooser
            ? m_chooser(true, directory)
            : QFileDialog::getSaveFileName(this, tr("Save Workspace As"),
                                           directory + QLatin1String("/workspace") + kFileSuffix,
                                           tr("Paybench workspaces (*.json)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += kFileSuffix;
    return saveToFile(path);
}

void MainWindow::addPlatform()
{
    Platform platform;
    platform.name = m_document->uniquePlatformName(tr("New platform"));
    QString error;
    if (!m_document->addPlatform(platform, &error)) {
        reportError(tr("Cannot add a platform"), error);
        return;
    }
    selectItem(ItemKind::Platform, platform.name);
    showEditor(); // the new item's editor, whatever tab was in front
    if (auto *name = platformEditor()->findChild<QLineEdit *>(QStringLiteral("platformName"))) {
        name->setFocus(Qt::OtherFocusReason);
        name->selectAll();
    }
}

void MainWindow::addProvider()
{
    QString platform = m_currentPlatform;
    if (platform.isEmpty() || !m_document->workspace().platform(platform)) {
        if (m_document->workspace().platforms.isEmpty()) {
            statusBar()->showMessage(tr("Add a platform first"), 4000);
            return;
        }
        platform = m_document->workspace().platforms.constFirst().name;
    }
    ProviderInstance provider;
    provider.name = tr("New provider");
    provider.code = m_document->uniqueProviderCode(QStringLiteral("pp_new-provider"));
    provider.platform = platform;
    for (const QString &key : wellKnownCredentialKeys())
        provider.credentials.append(Credential{key, QString(), isSecretByDefault(key), true});
    QString error;
    if (!m_document->addProvider(provider, &error)) {
        reportError(tr("Cannot add a provider instance"), error);
        return;
    }
    selectItem(ItemKind::Provider, provider.code);
    showEditor();
    if (auto *name = providerEditor()->findChild<QLineEdit *>(QStringLiteral("providerName"))) {
        name->setFocus(Qt::OtherFocusReason);
        name->selectAll();
    }
}

void MainWindow::addRegion()
{
    Region region;
    region.code = m_document->uniqueRegionCode(QStringLiteral("region"));
    region.name = tr("New region");
    region.currency = QStringLiteral("EUR");
    QString error;
    if (!m_document->addRegion(region, &error)) {
        reportError(tr("Cannot add a region"), error);
        return;
    }
    selectItem(ItemKind::Region, region.code);
    showEditor();
    if (auto *code = regionEditor()->findChild<QLineEdit *>(QStringLiteral("regionCode"))) {
        code->setFocus(Qt::OtherFocusReason);
        code->selectAll();
    }
}

void MainWindow::removeSelected()
{
    const QModelIndex current = m_filter->mapToSource(m_tree->currentIndex());
    if (!current.isValid())
        return;
    const QString key = m_model->key(current);
    bool removed = false;
    switch (m_model->node(current)) {
    case WorkspaceTreeModel::Node::Platform:
        removed = m_document->removePlatform(key);
        break;
    case WorkspaceTreeModel::Node::Provider:
        removed = m_document->removeProvider(key);
        break;
    case WorkspaceTreeModel::Node::Region:
        removed = m_document->removeRegion(key);
        break;
    case WorkspaceTreeModel::Node::OrphanGroup:
    case WorkspaceTreeModel::Node::RegionGroup:
        break;
    }
    if (removed)
        statusBar()->showMessage(
            tr("Removed \u201c%1\u201d \u2014 %2 brings it back")
                .arg(key, QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)),
            6000);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Paybench"),
        tr("<h3>Paybench %1</h3>"
           "<p>A test bench for Openfront custom payment providers: the six HTTP functions, "
           "their platforms and provider instances.</p>"
           "<p>Built with:</p><ul>"
           "<li>Qt %2 (running %3) \u2014 GNU LGPL version 3</li>"
           "<li>OpenSSL 3 \u2014 Apache License 2.0</li>"
           "<li>QtKeychain \u2014 BSD 3-Clause License</li></ul>")
            .arg(QStringLiteral(PAYBENCH_VERSION), QStringLiteral(QT_VERSION_STR),
                 QString::fromLatin1(qVersion())));
}

} // namespace paybench
