#include "HistoryView.h"

#include "ClearButton.h"
#include "PaymentFunction.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace paybench::ui {

namespace {
constexpr int kPageSize = 100;
}

HistoryModel::HistoryModel(QObject *parent) : QAbstractTableModel(parent)
{}

void HistoryModel::setHistory(client::CallHistory *history)
{
    m_history = history;
    reload();
}

void HistoryModel::setFilter(const client::HistoryFilter &filter)
{
    m_filter = filter;
    reload();
}

void HistoryModel::reload()
{
    beginResetModel();
    m_entries.clear();
    m_next.reset();
    m_exhausted = m_history == nullptr;
    endResetModel();
    if (!m_exhausted)
        fetchMore({});
}

const client::HistoryEntry *HistoryModel::entryAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : Url + 1;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    const client::HistoryEntry *entry = entryAt(index.row());
    if (!entry)
        return {};
    if (role == Qt::BackgroundRole && index.column() == Verdict) {
        if (entry->verdict == QLatin1String("failure"))
            return QColor(0xff, 0xeb, 0xee);
        if (entry->verdict == QLatin1String("warning"))
            return QColor(0xff, 0xf8, 0xe1);
        return QColor(0xe8, 0xf5, 0xe9);
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Time:
        return entry->startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Provider:
        return entry->provider;
    case Function:
        return entry->function;
    case Profile:
        return entry->profile;
    case Status:
        return entry->httpStatus > 0 ? QString::number(entry->httpStatus) : entry->failure;
    case Verdict:
        return entry->verdict;
    case Duration:
        return entry->totalMs >= 0 ? tr("%1 ms").arg(entry->totalMs) : QString();
    case PaymentId:
        return entry->paymentId;
    case Url:
        return entry->url;
    default:
        return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const titles[] = {"Time",    "Provider", "Function", "Profile", "Status",
                                         "Verdict", "Duration", "Payment",  "URL"};
    return section >= 0 && section <= Url ? tr(titles[section]) : QVariant();
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_exhausted;
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_exhausted || !m_history)
        return;
    const client::HistoryPage page = m_history->query(m_filter, kPageSize, m_next);
    m_next = page.next;
    m_exhausted = !page.next;
    if (page.entries.isEmpty())
        return;
    const int first = static_cast<int>(m_entries.size());
    beginInsertRows({}, first, first + static_cast<int>(page.entries.size()) - 1);
    m_entries += page.entries;
    endInsertRows();
}

HistoryView::HistoryView(QWidget *parent)
    : QWidget(parent), m_model(new HistoryModel(this)), m_search(new QLineEdit(this)),
      m_provider(new QComboBox(this)), m_function(new QComboBox(this)),
      m_verdict(new QComboBox(this)), m_status(new QLineEdit(this)), m_since(new QComboBox(this)),
      m_table(new QTableView(this)), m_reopen(new QPushButton(tr("Reopen"), this)),
      m_resend(new QPushButton(tr("Send again"), this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("historyView"));
    m_search->setPlaceholderText(tr("Search URL, payment id, provider…"));
    addClearButton(m_search);
    m_search->setObjectName(QStringLiteral("search"));
    m_provider->addItem(tr("All providers"), QString());
    m_provider->setObjectName(QStringLiteral("providerFilter"));
    m_function->addItem(tr("All functions"), QString());
    for (PaymentFunction function : kAllPaymentFunctions)
        m_function->addItem(functionSlug(function), functionSlug(function));
    m_function->setObjectName(QStringLiteral("functionFilter"));
    m_verdict->addItem(tr("Any verdict"), QString());
    m_verdict->addItem(tr("Pass"), QStringLiteral("pass"));
    m_verdict->addItem(tr("Warning"), QStringLiteral("warning"));
    m_verdict->addItem(tr("Failure"), QStringLiteral("failure"));
    m_verdict->setObjectName(QStringLiteral("verdictFilter"));
    m_status->setPlaceholderText(tr("HTTP status"));
    m_status->setValidator(new QIntValidator(0, 599, m_status));
    m_status->setMaximumWidth(m_status->fontMetrics().horizontalAdvance(QStringLiteral("0000000")) *
                              2);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_since->addItem(tr("Any time"), 0);
    m_since->addItem(tr("Last hour"), 3600);
    m_since->addItem(tr("Last 24 hours"), 86400);
    m_since->addItem(tr("Last 7 days"), 7 * 86400);
    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Only the fetched pages are in the model, so sizing to contents stays cheap.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_reopen->setObjectName(QStringLiteral("reopen"));
    m_resend->setObjectName(QStringLiteral("resend"));
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_search, 2);
    filters->addWidget(m_provider);
    filters->addWidget(m_function);
    filters->addWidget(m_verdict);
    filters->addWidget(m_status);
    filters->addWidget(m_since);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_error, 1);
    buttons->addWidget(m_reopen);
    buttons->addWidget(m_resend);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    // Typing searches after a short pause, so each key press does not run a query.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(250);
    connect(debounce, &QTimer::timeout, this, &HistoryView::applyFilters);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_status, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    for (QComboBox *combo : {m_provider, m_function, m_verdict, m_since})
        connect(combo, &QComboBox::currentIndexChanged, this, &HistoryView::applyFilters);
    connect(m_reopen, &QPushButton::clicked, this, [this] {
        if (const auto entry = selectedEntry())
            emit reopenRequested(entry->report);
    });
    connect(m_table, &QTableView::doubleClicked, m_reopen, &QPushButton::click);
    connect(m_resend, &QPushButton::clicked, this, [this] {
        if (const auto entry = selectedEntry())
            emit resendRequested(entry->report);
    });
}

void HistoryView::setHistory(client::CallHistory *history)
{
    if (m_history)
        m_history->disconnect(this);
    m_history = history;
    if (m_history) {
        // A new call shows at the top: reload the first page.
        connect(m_history, &client::CallHistory::entryAdded, this, [this] {
            refreshProviders();
            m_model->reload();
        });
        connect(m_history, &client::CallHistory::cleared, m_model, &HistoryModel::reload);
    }
    refreshProviders();
    m_model->setHistory(history);
}

void HistoryView::refreshProviders()
{
    const QString current = m_provider->currentData().toString();
    const QSignalBlocker blocker(m_provider);
    while (m_provider->count() > 1)
        m_provider->removeItem(1);
    if (m_history) {
        for (const QString &provider : m_history->providers())
            m_provider->addItem(provider, provider);
    }
    m_provider->setCurrentIndex(qMax(0, m_provider->findData(current)));
}

void HistoryView::applyFilters()
{
    client::HistoryFilter filter;
    filter.text = m_search->text().trimmed();
    filter.provider = m_provider->currentData().toString();
    filter.function = m_function->currentData().toString();
    filter.verdict = m_verdict->currentData().toString();
    bool ok = false;
    const int status = m_status->text().toInt(&ok);
    if (ok)
        filter.httpStatus = status;
    if (const int seconds = m_since->currentData().toInt(); seconds > 0)
        filter.from = QDateTime::currentDateTimeUtc().addSecs(-seconds);
    m_model->setFilter(filter);
}

std::optional<client::HistoryEntry> HistoryView::selectedEntry() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const client::HistoryEntry *row =
        rows.isEmpty() ? nullptr : m_model->entryAt(rows.first().row());
    if (!row || !m_history) {
        m_error->setText(tr("Select a call first."));
        return std::nullopt;
    }
    m_error->clear();
    std::optional<client::HistoryEntry> entry = m_history->entry(row->id);
    if (!entry)
        m_error->setText(tr("This call is no longer in the history."));
    return entry;
}

} // namespace paybench::ui
