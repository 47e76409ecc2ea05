#include "CallPanel.h"

#include "AnswerFindBar.h"
#include "CallHistory.h"
#include "CallReport.h"
#include "JsonHighlighter.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <functional>

namespace paybench::ui {

using contract::CallTarget;
using json::OrderedValue;

namespace {

QPlainTextEdit *makeCodeEditor(QWidget *parent, bool readOnly)
{
    auto *editor = new QPlainTextEdit(parent);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setReadOnly(readOnly);
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    editor->setTabChangesFocus(true);
    return editor;
}

QColor severityColor(const QString &severity)
{
    if (severity == QLatin1String("failure"))
        return QColor(0xff, 0xeb, 0xee);
    if (severity == QLatin1String("warning"))
        return QColor(0xff, 0xf8, 0xe1);
    return QColor(0xe8, 0xf5, 0xe9);
}

QString severitySymbol(const QString &severity)
{
    if (severity == QLatin1String("failure"))
        return QStringLiteral("✖ failure");
    if (severity == QLatin1String("warning"))
        return QStringLiteral("▲ warning");
    return QStringLiteral("✔ pass");
}

QString text(const OrderedValue *value)
{
    if (!value || value->type() == OrderedValue::Type::Null)
        return {};
    if (value->type() == OrderedValue::Type::String)
        return value->toString();
    return QString::fromUtf8(json::stringify(*value));
}

QString byteSize(double bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    return QStringLiteral("%1 KiB").arg(bytes / 1024.0, 0, 'f', 1);
}

// "Name: value" per line; nullopt when a line is not a header.
std::optional<webhook::HeaderList> parseHeaders(const QString &text, QString *error)
{
    webhook::HeaderList headers;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString name = line.left(colon).trimmed();
        static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
        if (colon <= 0 || !token.match(name).hasMatch()) {
            *error = QObject::tr("Header line %1 is not \"Name: value\".").arg(i + 1);
            return std::nullopt;
        }
        headers.append({name.toLatin1(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    return headers;
}

QString severityBorder(const QString &severity)
{
    if (severity == QLatin1String("failure"))
        return QStringLiteral("#e57373");
    if (severity == QLatin1String("warning"))
        return QStringLiteral("#ffb74d");
    if (severity == QLatin1String("pass"))
        return QStringLiteral("#81c784");
    return QStringLiteral("#bdbdbd");
}

} // namespace

// One profile's verdict at a glance: symbol and profile on the first line, the first failure
// (else warning) on the second, elided to the badge's width so that every profile fits side by
// side in any window; the full text is in the tooltip. A click filters the findings to it.
class VerdictBadge final : public QLabel
{
public:
    VerdictBadge(const contract::RuntimeProfile *profile, std::function<void()> clicked,
                 QWidget *parent)
        : QLabel(parent), m_profile(profile), m_clicked(std::move(clicked))
    {
        setObjectName(QStringLiteral("verdictBadge-%1").arg(profile->name()));
        setTextFormat(Qt::PlainText);
        setCursor(Qt::PointingHandCursor);
        // Never wider than asked: the detail line is elided, not wrapped or grown.
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        setVerdict({}, {}, false);
    }

    [[nodiscard]] const contract::RuntimeProfile *profile() const { return m_profile; }

    // severity "pass", "warning", "failure", or empty when the profile did not judge.
    void setVerdict(const QString &severity, const QString &detail, bool shapedRequest)
    {
        m_severity = severity;
        m_detail = detail;
        m_shaped = shapedRequest;
        setProperty("severity", severity);
        m_headline =
            severity.isEmpty()
                ? QStringLiteral("– %1").arg(m_profile->name())
                : QStringLiteral("%1 %2").arg(severitySymbol(severity).left(1), m_profile->name());
        restyle();
        refreshText();
    }

    // The profile whose findings are shown alone is framed in blue.
    void setSelected(bool selected)
    {
        if (selected == m_selected)
            return;
        m_selected = selected;
        restyle();
    }

    [[nodiscard]] QSize sizeHint() const override
    {
        const QFontMetrics metrics = fontMetrics();
        return {metrics.horizontalAdvance(m_headline) + 24, 2 * metrics.lineSpacing() + 10};
    }
    [[nodiscard]] QSize minimumSizeHint() const override
    {
        return {fontMetrics().horizontalAdvance(QStringLiteral("✖ openfront")),
                sizeHint().height()};
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        refreshText();
    }
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
            m_clicked();
        QLabel::mouseReleaseEvent(event);
    }

private:
    void restyle()
    {
        // The profile that shaped the request has a heavier border.
        setStyleSheet(
            QStringLiteral("QLabel { background: %1; border: %2px solid %3; "
                           "border-radius: 4px; padding: 2px 6px; color: #212121; }")
                .arg(m_severity.isEmpty() ? QStringLiteral("#f5f5f5")
                                          : severityColor(m_severity).name(),
                     m_shaped || m_selected ? QStringLiteral("2") : QStringLiteral("1"),
                     m_selected ? QStringLiteral("#1565c0") : severityBorder(m_severity)));
    }

    void refreshText()
    {
        const int width = std::max(0, contentsRect().width() - 4);
        const QFontMetrics metrics = fontMetrics();
        const QString line = metrics.elidedText(m_headline, Qt::ElideRight, width) +
                             QLatin1Char('\n') +
                             metrics.elidedText(m_detail, Qt::ElideRight, width);
        if (line != text())
            setText(line);
    }

    const contract::RuntimeProfile *m_profile;
    std::function<void()> m_clicked;
    QString m_severity;
    QString m_headline;
    QString m_detail;
    bool m_shaped = false;
    bool m_selected = false;
};

CallPanel::CallPanel(QWidget *parent)
    : QWidget(parent), m_runner(new client::CallRunner(this)), m_providerLabel(new QLabel(this)),
      m_requestMethod(new QLabel(this)), m_requestUrl(new QLineEdit(this)),
      m_function(new QComboBox(this)), m_profile(new QComboBox(this)),
      m_paymentId(new QLineEdit(this)), m_timeout(new QDoubleSpinBox(this)),
      m_ignoreTls(new QCheckBox(tr("Ignore TLS errors"), this)),
      m_body(makeCodeEditor(this, false)), m_bodyError(new QLabel(this)),
      m_headers(makeCodeEditor(this, false)), m_send(new QPushButton(tr("Send"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_copyCurl(new QPushButton(tr("Copy as cURL"), this)),
      m_revealSecrets(new QCheckBox(tr("with secrets"), this)), m_busy(new QProgressBar(this)),
      m_status(new QLabel(this)), m_failure(new QLabel(this)), m_verdictBar(new QWidget(this)),
      m_verdictFilter(new QComboBox(this)), m_answerTabs(new QTabWidget(this)),
      m_copyAnswer(new QPushButton(tr("Copy answer"), this)), m_findBar(new AnswerFindBar(this)),
      m_verdicts(new QTreeWidget(this)), m_advice(new QLabel(this)),
      m_answerBody(makeCodeEditor(this, true)), m_answerRaw(makeCodeEditor(this, true)),
      m_answerHeaders(new QTableWidget(this)), m_sentRequest(makeCodeEditor(this, true))
{
    setObjectName(QStringLiteral("callPanel"));
    for (PaymentFunction function : kAllPaymentFunctions)
        m_function->addItem(functionTitle(function), static_cast<int>(function));
    m_function->setObjectName(QStringLiteral("function"));
    for (const contract::RuntimeProfile *profile : contract::runtimeProfiles())
        m_profile->addItem(profile->title(), profile->name());
    m_profile->setObjectName(QStringLiteral("profile"));
    m_paymentId->setPlaceholderText(tr("from create-payment"));
    m_paymentId->setObjectName(QStringLiteral("paymentId"));
    m_timeout->setRange(0.1, 600);
    m_timeout->setValue(contract::kDefaultTimeoutMs / 1000.0);
    m_timeout->setSuffix(tr(" s"));
    m_ignoreTls->setToolTip(tr("Accept any certificate for this call. Openfront would not: the "
                               "verdict will say that errors were ignored."));
    m_ignoreTls->setStyleSheet(QStringLiteral("QCheckBox:checked { color: #c62828; }"));
    m_body->setObjectName(QStringLiteral("body"));
    new JsonHighlighter(m_body->document());
    new JsonHighlighter(m_answerBody->document());
    new JsonHighlighter(m_sentRequest->document());
    m_bodyError->setObjectName(QStringLiteral("bodyError"));
    m_bodyError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_bodyError->setWordWrap(true);
    m_headers->setObjectName(QStringLiteral("headers"));
    m_headers->setPlainText(QStringLiteral("Content-Type: application/json"));
    m_headers->setMaximumHeight(m_headers->fontMetrics().lineSpacing() * 5);
    m_requestMethod->setObjectName(QStringLiteral("requestMethod"));
    m_requestMethod->setStyleSheet(QStringLiteral("font-weight: bold; color: #2e7d32;"));
    m_requestMethod->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_requestUrl->setObjectName(QStringLiteral("requestUrl"));
    m_requestUrl->setReadOnly(true); // edited on the platform; here it is shown and copied
    m_requestUrl->setAccessibleName(tr("Request URL"));
    auto keysOf = [](const QKeySequence &keys) { return keys.toString(QKeySequence::NativeText); };
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send (%1)").arg(keysOf(commands().at(0).keys.first())));
    m_cancel->setObjectName(QStringLiteral("cancel"));
    m_cancel->setToolTip(tr("Cancel the call (%1)").arg(keysOf(QKeySequence(Qt::Key_Escape))));
    m_copyAnswer->setObjectName(QStringLiteral("copyAnswer"));
    m_copyAnswer->setToolTip(tr("Copy the answer body, as received, to the clipboard"));
    m_copyCurl->setObjectName(QStringLiteral("copyCurl"));
    m_busy->setRange(0, 0); // indeterminate while a call is in flight
    m_busy->setMaximumHeight(6);
    m_busy->setTextVisible(false);
    m_busy->setVisible(false);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_failure->setObjectName(QStringLiteral("failure"));
    m_failure->setWordWrap(true);
    m_failure->setStyleSheet(
        QStringLiteral("background: #ffebee; color: #b71c1c; padding: 6px; border-radius: 3px;"));
    m_failure->setVisible(false);
    m_failure->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdicts->setObjectName(QStringLiteral("verdicts"));
    m_verdicts->setColumnCount(5);
    m_verdicts->setHeaderLabels(
        {tr("Result"), tr("Where"), tr("Finding"), tr("Expected"), tr("Actual")});
    m_verdicts->setRootIsDecorated(true);
    m_verdicts->header()->setStretchLastSection(false);
    // Not to contents: the profile rows span every column and would make it as wide as they are.
    m_verdicts->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_verdicts->header()->resizeSection(
        0, m_verdicts->fontMetrics().horizontalAdvance(severitySymbol(QStringLiteral("warning"))) +
               2 * m_verdicts->indentation() + 24);
    m_verdicts->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_verdicts->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_verdicts->header()->setSectionResizeMode(3, QHeaderView::Interactive);
    m_verdicts->header()->setSectionResizeMode(4, QHeaderView::Interactive);
    m_verdicts->header()->resizeSection(3, 90);
    m_verdicts->header()->resizeSection(4, 90);
    m_verdicts->setUniformRowHeights(true);
    m_verdictBar->setObjectName(QStringLiteral("profileVerdicts"));
    m_verdictFilter->setObjectName(QStringLiteral("verdictFilter"));
    m_verdictFilter->setToolTip(tr("Show the findings of one profile, or of all"));
    m_verdictFilter->addItem(tr("All profiles"), QString());
    auto *badges = new QHBoxLayout(m_verdictBar);
    badges->setContentsMargins(0, 0, 0, 0);
    for (const contract::RuntimeProfile *profile : contract::runtimeProfiles()) {
        m_verdictFilter->addItem(profile->name(), profile->name());
        auto *badge = new VerdictBadge(
            profile,
            [this, name = profile->name()] {
                // A second click on the profile shown alone shows every profile again.
                const QString current = m_verdictFilter->currentData().toString();
                m_verdictFilter->setCurrentIndex(
                    m_verdictFilter->findData(current == name ? QString() : name));
            },
            m_verdictBar);
        m_badges.append(badge);
        badges->addWidget(badge, 1);
    }
    // Long texts wrap: a long provider name or status line must not widen the window.
    m_providerLabel->setWordWrap(true);
    m_status->setWordWrap(true);
    m_advice->setObjectName(QStringLiteral("advice"));
    m_advice->setWordWrap(true);
    m_advice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_answerHeaders->setColumnCount(2);
    m_answerHeaders->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_answerHeaders->horizontalHeader()->setStretchLastSection(true);
    m_answerHeaders->verticalHeader()->setVisible(false);
    m_answerHeaders->setEditTriggers(QAbstractItemView::NoEditTriggers);

    // Request side.
    auto *request = new QWidget(this);
    auto *requestLayout = new QVBoxLayout(request);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    form->addRow(tr("&Function:"), m_function);
    form->addRow(tr("&Profile:"), m_profile);
    form->addRow(tr("Payment &id:"), m_paymentId);
    auto *timeoutRow = new QHBoxLayout;
    timeoutRow->addWidget(m_timeout);
    timeoutRow->addWidget(m_ignoreTls);
    timeoutRow->addStretch();
    auto *timeoutLabel = new QLabel(tr("&Timeout:"), request);
    timeoutLabel->setBuddy(m_timeout);
    form->addRow(timeoutLabel, timeoutRow);
    requestLayout->addLayout(form);
    auto *bodyLabel = new QLabel(tr("&Body (JSON, sent compact in this key order):"), request);
    bodyLabel->setBuddy(m_body);
    requestLayout->addWidget(bodyLabel);
    requestLayout->addWidget(m_body, 1);
    requestLayout->addWidget(m_bodyError);
    auto *headersLabel = new QLabel(tr("&Headers (one \"Name: value\" per line):"), request);
    headersLabel->setBuddy(m_headers);
    requestLayout->addWidget(headersLabel);
    requestLayout->addWidget(m_headers);
    auto *buttons = new QHBoxLayout;
    auto *reset = new QPushButton(tr("Reset body"), request);
    buttons->addWidget(reset);
    buttons->addStretch();
    buttons->addWidget(m_copyCurl);
    buttons->addWidget(m_revealSecrets);
    requestLayout->addLayout(buttons);
    requestLayout->addWidget(m_busy);

    // Answer side.
    auto *answer = new QWidget(this);
    auto *answerLayout = new QVBoxLayout(answer);
    answerLayout->setContentsMargins(0, 0, 0, 0);
    answerLayout->addWidget(m_status);
    answerLayout->addWidget(m_failure);
    answerLayout->addWidget(m_verdictBar);
    auto *verdictPage = new QWidget(answer);
    auto *verdictLayout = new QVBoxLayout(verdictPage);
    auto *filterRow = new QHBoxLayout;
    auto *filterLabel = new QLabel(tr("Findings &of:"), verdictPage);
    filterLabel->setBuddy(m_verdictFilter);
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_verdictFilter);
    filterRow->addStretch();
    verdictLayout->addLayout(filterRow);
    verdictLayout->addWidget(m_verdicts, 1);
    verdictLayout->addWidget(m_advice);
    m_answerTabs->setObjectName(QStringLiteral("answerTabs"));
    m_answerBody->setObjectName(QStringLiteral("answerBody"));
    m_answerRaw->setObjectName(QStringLiteral("answerRaw"));
    m_answerTabs->addTab(verdictPage, tr("Verdict"));
    m_answerTabs->addTab(m_answerBody, tr("Body"));
    m_answerTabs->addTab(m_answerRaw, tr("Raw"));
    m_answerTabs->addTab(m_answerHeaders, tr("Headers"));
    m_answerTabs->addTab(m_sentRequest, tr("Request sent"));
    // Find and copy over the answer; the find bar opens in the room on their left.
    auto *answerTools = new QHBoxLayout;
    auto *find = new QPushButton(tr("Find"), answer);
    find->setObjectName(QStringLiteral("find"));
    find->setToolTip(tr("Find in the answer (%1)").arg(keysOf(QKeySequence(QKeySequence::Find))));
    answerTools->addWidget(m_findBar, 1);
    answerTools->addStretch();
    answerTools->addWidget(find);
    answerTools->addWidget(m_copyAnswer);
    answerLayout->addLayout(answerTools);
    answerLayout->addWidget(m_answerTabs, 1);
    connect(find, &QPushButton::clicked, this, &CallPanel::openFind);
    connect(m_copyAnswer, &QPushButton::clicked, this, &CallPanel::copyAnswer);
    // The find bar searches the text in front.
    connect(m_answerTabs, &QTabWidget::currentChanged, this, [this] {
        if (auto *editor = qobject_cast<QPlainTextEdit *>(m_answerTabs->currentWidget()))
            m_findBar->setEditor(editor);
    });
    for (const Command &command : commands()) {
        if (command.claimed)
            continue; // taken in event() and keyPressEvent()
        auto *shortcut = new QShortcut(this);
        shortcut->setKeys(command.keys);
        // While the tab is in front, wherever the focus is (the tree, the filter).
        shortcut->setContext(Qt::WindowShortcut);
        connect(shortcut, &QShortcut::activated, this, command.run);
    }

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(request);
    splitter->addWidget(answer);
    splitter->setStretchFactor(1, 1);
    // The answer side holds a verdict per profile: give it the larger share from the start.
    splitter->setSizes({420, 580});
    // The request bar across the panel, as in Postman: method and URL of the call, Send and
    // Cancel beside them.
    auto *requestBar = new QHBoxLayout;
    requestBar->addWidget(m_requestMethod);
    requestBar->addWidget(m_requestUrl, 1);
    requestBar->addWidget(m_send);
    requestBar->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_providerLabel);
    layout->addLayout(requestBar);
    layout->addWidget(splitter, 1);

    connect(m_function, &QComboBox::currentIndexChanged, this, &CallPanel::resetBody);
    connect(m_profile, &QComboBox::currentIndexChanged, this, &CallPanel::resetBody);
    connect(m_paymentId, &QLineEdit::editingFinished, this, &CallPanel::resetBody);
    connect(m_body, &QPlainTextEdit::textChanged, this, &CallPanel::validateEditors);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &CallPanel::validateEditors);
    connect(m_send, &QPushButton::clicked, this, &CallPanel::send);
    connect(m_cancel, &QPushButton::clicked, this, &CallPanel::cancel);
    connect(reset, &QPushButton::clicked, this, &CallPanel::resetBody);
    connect(m_copyCurl, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(curlCommand(m_revealSecrets->isChecked()));
    });
    connect(m_runner, &client::CallRunner::callFinished, this, &CallPanel::handleFinished);
    connect(m_verdicts, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_advice->setText(item ? item->data(0, Qt::UserRole).toString() : QString());
    });
    connect(m_verdictFilter, &QComboBox::currentIndexChanged, this,
            [this] { filterVerdicts(m_verdictFilter->currentData().toString()); });
    clearAnswer();
    updateEnabled();
}

CallPanel::~CallPanel() = default;

const QVector<CallPanel::Command> &CallPanel::commands()
{
    // Send first: its keys are named in the Send button's tooltip.
    static const QVector<Command> all{
        {{QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)},
         QT_TR_NOOP("Send the request"),
         &CallPanel::send,
         false},
        {{QKeySequence(Qt::Key_Escape)},
         QT_TR_NOOP("Cancel the running call, else close the find bar"),
         &CallPanel::escape,
         false},
        {QKeySequence::keyBindings(QKeySequence::Find), QT_TR_NOOP("Find in the answer"),
         &CallPanel::openFind, true},
        // Only F3: the platform's other Find Next/Previous keys (Ctrl+G, Ctrl+Shift+G) are
        // window shortcuts already.
        {{QKeySequence(Qt::Key_F3)},
         QT_TR_NOOP("Next match in the answer"),
         &CallPanel::findNextMatch,
         false},
        {{QKeySequence(Qt::SHIFT | Qt::Key_F3)},
         QT_TR_NOOP("Previous match in the answer"),
         &CallPanel::findPreviousMatch,
         false},
    };
    return all;
}

QList<QPair<QKeySequence, QString>> CallPanel::keyboardShortcuts()
{
    QList<QPair<QKeySequence, QString>> keys;
    for (const Command &command : commands())
        keys.append({command.keys.first(), tr(command.what)});
    return keys;
}

namespace {

bool pressed(const QKeyEvent *event, const QList<QKeySequence> &keys)
{
    Qt::KeyboardModifiers modifiers = event->modifiers();
    modifiers.setFlag(Qt::KeypadModifier, false); // Enter on the keypad is Enter
    const QKeySequence combination(QKeyCombination(modifiers, static_cast<Qt::Key>(event->key())));
    return keys.contains(combination);
}

} // namespace

bool CallPanel::event(QEvent *event)
{
    // A claimed key pressed inside the panel reaches keyPressEvent instead of the window.
    if (event->type() == QEvent::ShortcutOverride) {
        for (const Command &command : commands()) {
            if (command.claimed && pressed(static_cast<QKeyEvent *>(event), command.keys)) {
                event->accept();
                return true;
            }
        }
    }
    return QWidget::event(event);
}

void CallPanel::keyPressEvent(QKeyEvent *event)
{
    for (const Command &command : commands()) {
        if (command.claimed && pressed(event, command.keys)) {
            (this->*command.run)();
            return;
        }
    }
    QWidget::keyPressEvent(event);
}

void CallPanel::escape()
{
    if (isBusy())
        cancel();
    else if (!m_findBar->isHidden())
        m_findBar->close();
}

void CallPanel::openFind()
{
    auto *editor = qobject_cast<QPlainTextEdit *>(m_answerTabs->currentWidget());
    if (!editor) {
        m_answerTabs->setCurrentWidget(m_answerBody);
        editor = m_answerBody;
    }
    m_findBar->setEditor(editor);
    m_findBar->open();
}

void CallPanel::findNextMatch()
{
    if (m_findBar->isHidden())
        openFind();
    else
        m_findBar->findNext();
}

void CallPanel::findPreviousMatch()
{
    if (m_findBar->isHidden())
        openFind();
    else
        m_findBar->findPrevious();
}

void CallPanel::copyAnswer()
{
    const QString raw = m_answerRaw->toPlainText();
    QApplication::clipboard()->setText(raw.isEmpty() ? m_answerBody->toPlainText() : raw);
}

void CallPanel::setWorkspace(const Workspace *workspace)
{
    m_workspace = workspace;
    if (!currentProvider())
        m_providerCode.clear();
    resetBody();
}

void CallPanel::setProvider(const QString &code)
{
    if (code == m_providerCode)
        return;
    cancel();
    m_providerCode = code;
    clearAnswer();
    resetBody();
}

void CallPanel::setHistory(client::CallHistory *history)
{
    m_history = history;
}

void CallPanel::setCredentialResolver(const support::CredentialResolver &resolver)
{
    m_resolver = resolver;
}

void CallPanel::setFunction(PaymentFunction function)
{
    m_function->setCurrentIndex(m_function->findData(static_cast<int>(function)));
}

void CallPanel::setProfile(const contract::RuntimeProfile *profile)
{
    m_profile->setCurrentIndex(m_profile->findData(profile->name()));
}

QString CallPanel::bodyText() const
{
    return m_body->toPlainText();
}

void CallPanel::setBodyText(const QString &text)
{
    m_body->setPlainText(text);
}

const contract::CallVariables &CallPanel::variables() const
{
    static const contract::CallVariables none;
    const auto it = m_variables.constFind(m_providerCode);
    return it == m_variables.cend() ? none : *it;
}

const ProviderInstance *CallPanel::currentProvider() const
{
    return m_workspace && !m_providerCode.isEmpty() ? m_workspace->provider(m_providerCode)
                                                    : nullptr;
}

std::optional<CallTarget> CallPanel::displayTarget() const
{
    const ProviderInstance *provider = currentProvider();
    if (!provider)
        return std::nullopt;
    QString error;
    std::optional<CallTarget> target =
        CallTarget::fromWorkspace(*m_workspace, m_providerCode, &error);
    if (!target)
        return std::nullopt;
    // Secrets show as the placeholder, loaded or not; unmaskCredentials() restores them.
    for (Credential &credential : target->credentials) {
        if (isMaskedCredential(credential) || !credential.valueLoaded)
            credential.value = contract::SecretMasker::placeholder();
    }
    target->credentials.append(
        {QStringLiteral("environment"), environmentName(provider->environment), false, true});
    return target;
}

std::optional<CallTarget> CallPanel::sendTarget(QString *error) const
{
    if (!currentProvider()) {
        *error = tr("Choose a provider instance first.");
        return std::nullopt;
    }
    return m_resolver.resolveLoaded(*m_workspace, m_providerCode, error);
}

contract::CallSpec CallPanel::currentSpec() const
{
    contract::CallSpec spec;
    spec.function = static_cast<PaymentFunction>(m_function->currentData().toInt());
    if (const contract::RuntimeProfile *profile =
            contract::findRuntimeProfile(m_profile->currentData().toString()))
        spec.profile = profile;
    spec.paymentId = m_paymentId->text().trimmed();
    spec.timeoutMs = static_cast<int>(m_timeout->value() * 1000);
    return spec;
}

void CallPanel::resetBody()
{
    const std::optional<CallTarget> target = displayTarget();
    m_providerLabel->setText(target ? tr("<b>%1</b> (%2) · platform %3")
                                          .arg(target->name.toHtmlEscaped(), target->code,
                                               target->platformName.toHtmlEscaped())
                                    : tr("No provider instance selected."));
    if (!target) {
        m_body->clear();
        updateRequestBar();
        updateEnabled();
        return;
    }
    updateRequestBar();
    const contract::CallVariables &known = variables();
    if (m_paymentId->text().isEmpty())
        m_paymentId->setText(known.value(QStringLiteral("paymentId")));
    const OrderedValue body = contract::defaultBody(*target, currentSpec(), known);
    m_body->setPlainText(QString::fromUtf8(json::prettyPrint(body)));
    updateEnabled();
}

void CallPanel::updateRequestBar()
{
    const std::optional<CallTarget> target = displayTarget();
    if (!target) {
        m_requestMethod->clear();
        m_requestUrl->clear();
        m_requestUrl->setPlaceholderText(tr("No provider instance selected"));
        m_requestUrl->setToolTip(QString());
        return;
    }
    const contract::PreparedCall call = contract::prepareCall(*target, currentSpec(), variables());
    m_requestMethod->setText(QString::fromLatin1(call.method));
    m_requestUrl->setText(call.url.isValid() ? call.url.toString() : call.target);
    m_requestUrl->setCursorPosition(0);
    // A target that cannot be called says why, in red, without hiding what is configured.
    m_requestUrl->setToolTip(call.urlError.isEmpty() ? m_requestUrl->text() : call.urlError);
    m_requestUrl->setStyleSheet(call.urlError.isEmpty() ? QString()
                                                        : QStringLiteral("color: #c62828;"));
}

void CallPanel::validateEditors()
{
    QStringList problems;
    const QByteArray body = m_body->toPlainText().toUtf8();
    const json::ParseResult parsed = json::parse(body);
    m_bodyValid = parsed.value.has_value() && parsed.value->isObject();
    if (!parsed.value)
        problems << tr("Body: %1").arg(parsed.error);
    else if (!parsed.value->isObject())
        problems << tr("Body: the request body must be a JSON object.");
    QString headerError;
    m_headersValid = parseHeaders(m_headers->toPlainText(), &headerError).has_value();
    if (!m_headersValid)
        problems << headerError;
    m_bodyError->setText(problems.join(QLatin1Char('\n')));
    m_bodyError->setVisible(!problems.isEmpty());
    updateEnabled();
}

void CallPanel::updateEnabled()
{
    const bool ready = currentProvider() && m_bodyValid && m_headersValid;
    m_send->setEnabled(ready && !isBusy());
    m_cancel->setEnabled(isBusy());
    m_copyCurl->setEnabled(ready);
    m_function->setEnabled(!isBusy());
    m_profile->setEnabled(!isBusy());
}

std::optional<contract::PreparedCall> CallPanel::buildCall(const CallTarget &target,
                                                           QString *error) const
{
    json::ParseResult parsed = json::parse(m_body->toPlainText().toUtf8());
    if (!parsed.value || !parsed.value->isObject()) {
        *error = tr("The body is not a JSON object.");
        return std::nullopt;
    }
    const std::optional<webhook::HeaderList> headers =
        parseHeaders(m_headers->toPlainText(), error);
    if (!headers)
        return std::nullopt;
    contract::CallSpec spec = currentSpec();
    spec.body = contract::resignMaskedWebhook(contract::unmaskCredentials(*parsed.value, target),
                                              target, spec, variables());
    contract::PreparedCall call = contract::prepareCall(target, spec, variables());
    call.headers = *headers;
    // The chosen profile shapes the request; every profile judges the answer, side by side.
    for (const contract::RuntimeProfile *profile : contract::runtimeProfiles()) {
        if (profile != call.profile)
            call.alsoJudgedBy.append(profile);
    }
    return call;
}

QString CallPanel::curlCommand(bool reveal) const
{
    QString error;
    std::optional<CallTarget> target;
    if (reveal)
        target = sendTarget(&error);
    if (!target)
        target = displayTarget();
    if (!target)
        return {};
    const std::optional<contract::PreparedCall> call = buildCall(*target, &error);
    return call ? contract::curlCommand(*call, reveal) : QString();
}

void CallPanel::send()
{
    if (isBusy() || !currentProvider())
        return;
    validateEditors();
    if (!m_bodyValid || !m_headersValid)
        return;
    // The workspace's current credentials on every send (never a copy from an earlier one);
    // secrets are read from the store now if they are not loaded (the keychain may ask).
    if (!currentProvider()->hasUnloadedSecrets()) {
        QString error;
        if (const std::optional<CallTarget> target = sendTarget(&error)) {
            startCall(*target);
        } else {
            m_failure->setText(error);
            m_failure->setVisible(true);
        }
        return;
    }
    setBusy(true);
    m_status->setText(tr("Resolving the credentials of %1…").arg(m_providerCode));
    const QString code = m_providerCode;
    m_resolver.resolve(*m_workspace, code, this,
                       [this, code](const std::optional<CallTarget> &target, const QString &error) {
                           setBusy(false);
                           if (code != m_providerCode)
                               return;
                           if (!target) {
                               m_failure->setText(error);
                               m_failure->setVisible(true);
                               return;
                           }
                           startCall(*target);
                       });
}

void CallPanel::startCall(const CallTarget &target)
{
    QString error;
    const std::optional<contract::PreparedCall> call = buildCall(target, &error);
    if (!call) {
        m_failure->setText(error);
        m_failure->setVisible(true);
        return;
    }
    clearAnswer();
    client::CallOptions options;
    options.ignoreTlsErrors = m_ignoreTls->isChecked();
    m_status->setText(tr("Sending %1 to %2…")
                          .arg(functionSlug(call->function),
                               call->url.isValid() ? call->url.toString() : call->target));
    m_callId = m_runner->send(*call, options);
    setBusy(true);
}

void CallPanel::cancel()
{
    if (m_callId != 0)
        m_runner->cancel(m_callId);
}

void CallPanel::handleFinished(quint64 id, const contract::CallResult &result)
{
    if (id != m_callId)
        return;
    m_callId = 0;
    setBusy(false);
    m_variables[result.call.providerCode] = result.variables;
    if (const QString paymentId = result.variables.value(QStringLiteral("paymentId"));
        !paymentId.isEmpty())
        m_paymentId->setText(paymentId);
    if (m_history) {
        QString error;
        if (m_history->record(result, &error) < 0)
            m_advice->setText(tr("Not recorded in the history: %1").arg(error));
    }
    renderReport(contract::callReport(result));
    emit callFinished(result);
}

void CallPanel::setBusy(bool busy)
{
    m_busy->setVisible(busy);
    updateEnabled();
    emit busyChanged(busy);
}

void CallPanel::clearAnswer()
{
    m_status->setText(tr("No answer yet: press Send."));
    m_failure->setVisible(false);
    m_verdictBar->setVisible(false);
    m_verdicts->clear();
    m_advice->clear();
    m_answerBody->clear();
    m_answerRaw->clear();
    m_answerHeaders->setRowCount(0);
    m_sentRequest->clear();
    m_copyAnswer->setEnabled(false);
}

void CallPanel::showReport(const QByteArray &report)
{
    const json::ParseResult parsed = json::parse(report);
    clearAnswer();
    if (!parsed.value || !parsed.value->isObject()) {
        m_status->setText(tr("This history entry cannot be read: %1").arg(parsed.error));
        return;
    }
    renderReport(*parsed.value);
}

void CallPanel::loadRequest(const QByteArray &report)
{
    const json::ParseResult parsed = json::parse(report);
    if (!parsed.value || !parsed.value->isObject())
        return;
    const OrderedValue &document = *parsed.value;
    const QSignalBlocker blockFunction(m_function);
    const QSignalBlocker blockProfile(m_profile);
    if (const auto function = functionFromName(text(document.member(QStringLiteral("function")))))
        setFunction(*function);
    if (const contract::RuntimeProfile *profile =
            contract::findRuntimeProfile(text(document.member(QStringLiteral("profile")))))
        setProfile(profile);
    const OrderedValue *request = document.member(QStringLiteral("request"));
    if (request && request->member(QStringLiteral("body")))
        m_body->setPlainText(
            QString::fromUtf8(json::prettyPrint(*request->member(QStringLiteral("body")))));
    if (request && request->member(QStringLiteral("headers"))) {
        QStringList lines;
        for (const auto &header : request->member(QStringLiteral("headers"))->members())
            lines << header.first + QStringLiteral(": ") + header.second.toString();
        m_headers->setPlainText(lines.join(QLatin1Char('\n')));
    }
    updateRequestBar(); // the function changed without its signal
}

void CallPanel::reopen(const QByteArray &report)
{
    const QString code = contract::reportProviderCode(report);
    if (m_workspace && m_workspace->provider(code))
        setProvider(code);
    loadRequest(report);
    showReport(report);
}

void CallPanel::resend(const QByteArray &report)
{
    reopen(report);
    send();
}

void CallPanel::renderReport(const OrderedValue &report)
{
    const OrderedValue *answer = report.member(QStringLiteral("answer"));
    const OrderedValue *timings = report.member(QStringLiteral("timings"));
    const OrderedValue *failure = report.member(QStringLiteral("failure"));
    QStringList status;
    if (answer && answer->isObject()) {
        status << tr("HTTP %1 %2")
                      .arg(text(answer->member(QStringLiteral("status"))),
                           text(answer->member(QStringLiteral("statusText"))));
    }
    if (timings && timings->isObject()) {
        const QString total = text(timings->member(QStringLiteral("totalMs")));
        const QString firstByte = text(timings->member(QStringLiteral("firstByteMs")));
        if (!total.isEmpty())
            status << (firstByte.isEmpty() ? tr("%1 ms").arg(total)
                                           : tr("%1 ms (first byte %2 ms)").arg(total, firstByte));
        if (const OrderedValue *bytes = timings->member(QStringLiteral("responseBytes"));
            bytes && answer && answer->isObject())
            status << byteSize(bytes->toDouble());
    }
    const QString verdict =
        text(report.member(QStringLiteral("verdict"))
                 ? report.member(QStringLiteral("verdict"))->member(QStringLiteral("result"))
                 : nullptr);
    status << tr("verdict: %1").arg(verdict);
    m_status->setText(QStringLiteral("%1 · %2 · %3")
                          .arg(text(report.member(QStringLiteral("function"))),
                               text(report.member(QStringLiteral("profile"))),
                               status.join(QStringLiteral(" · "))));
    if (failure && failure->isObject()) {
        QString message =
            QStringLiteral("<b>%1</b>: %2<br>%3")
                .arg(text(failure->member(QStringLiteral("title"))).toHtmlEscaped(),
                     text(failure->member(QStringLiteral("details"))).toHtmlEscaped(),
                     text(failure->member(QStringLiteral("explanation"))).toHtmlEscaped());
        if (const OrderedValue *certificate = failure->member(QStringLiteral("certificate"))) {
            message +=
                tr("<br>Certificate: subject %1, issuer %2, valid until %3.")
                    .arg(text(certificate->member(QStringLiteral("subject"))).toHtmlEscaped(),
                         text(certificate->member(QStringLiteral("issuer"))).toHtmlEscaped(),
                         text(certificate->member(QStringLiteral("notAfter"))));
        }
        m_failure->setText(message);
        m_failure->setVisible(true);
    }

    renderVerdicts(report);

    if (answer && answer->isObject()) {
        const OrderedValue *body = answer->member(QStringLiteral("body"));
        m_answerBody->setPlainText(body && body->type() != OrderedValue::Type::Null
                                       ? QString::fromUtf8(json::prettyPrint(*body))
                                       : tr("(not JSON: see Raw)"));
        m_answerRaw->setPlainText(text(answer->member(QStringLiteral("rawBody"))));
        m_copyAnswer->setEnabled(true);
        const OrderedValue *headers = answer->member(QStringLiteral("headers"));
        const auto &members =
            headers ? headers->members() : QVector<QPair<QString, OrderedValue>>{};
        m_answerHeaders->setRowCount(static_cast<int>(members.size()));
        for (int row = 0; row < members.size(); ++row) {
            m_answerHeaders->setItem(row, 0, new QTableWidgetItem(members.at(row).first));
            m_answerHeaders->setItem(row, 1,
                                     new QTableWidgetItem(members.at(row).second.toString()));
        }
    }
    if (const OrderedValue *request = report.member(QStringLiteral("request")))
        m_sentRequest->setPlainText(QString::fromUtf8(json::prettyPrint(*request)));
}

void CallPanel::renderVerdicts(const OrderedValue &report)
{
    m_verdicts->clear();
    const QString shapedBy = text(report.member(QStringLiteral("profile")));
    const OrderedValue *all = report.member(QStringLiteral("verdicts"));
    const QVector<const contract::RuntimeProfile *> &profiles = contract::runtimeProfiles();
    for (int i = 0; i < profiles.size(); ++i) {
        const contract::RuntimeProfile *profile = profiles.at(i);
        const bool shaped = profile->name() == shapedBy;
        const OrderedValue *group = all && all->isObject() ? all->member(profile->name()) : nullptr;
        // A call recorded before every profile judged each call has only its own verdict.
        if (!group && !(all && all->isObject()) && shaped)
            group = report.member(QStringLiteral("verdict"));
        const QString result = group ? text(group->member(QStringLiteral("result"))) : QString();
        const OrderedValue *findings = group ? group->member(QStringLiteral("findings")) : nullptr;
        const QVector<OrderedValue> items = findings ? findings->items() : QVector<OrderedValue>{};

        // The badge: the first failure, else the first warning, else why it passes.
        QString detail;
        QStringList problems;
        for (const char *wanted : {"failure", "warning"}) {
            for (const OrderedValue &finding : items) {
                if (text(finding.member(QStringLiteral("severity"))) != QLatin1String(wanted))
                    continue;
                const QString message = text(finding.member(QStringLiteral("message")));
                const QString path = text(finding.member(QStringLiteral("path")));
                if (detail.isEmpty())
                    detail = message;
                QString line =
                    QStringLiteral("%1 %2%3")
                        .arg(severitySymbol(QString::fromLatin1(wanted)).left(1),
                             path.isEmpty() ? QString() : path + QStringLiteral(": "), message)
                        .toHtmlEscaped();
                if (const QString advice = text(finding.member(QStringLiteral("advice")));
                    !advice.isEmpty())
                    line += QStringLiteral("<br>&nbsp;&nbsp;<i>%1</i>").arg(advice.toHtmlEscaped());
                problems << line;
            }
        }
        // "openfront@55912a7 never calls ..." under the badge that already names it.
        if (detail.startsWith(profile->name() + QLatin1Char(' ')))
            detail = detail.mid(profile->name().size() + 1);
        if (!group)
            detail = tr("not judged: recorded before every profile judged each call");
        else if (detail.isEmpty() && items.size() == 1)
            detail = text(items.first().member(QStringLiteral("message")));
        else if (detail.isEmpty())
            detail = tr("no failure, no warning");
        QString toolTip = QStringLiteral("<b>%1</b> (%2): %3")
                              .arg(profile->title().toHtmlEscaped(), profile->name(),
                                   group ? result : tr("not judged"));
        if (shaped)
            toolTip += tr("<br>This profile shaped the request.");
        toolTip +=
            QStringLiteral("<br>") +
            (problems.isEmpty() ? detail.toHtmlEscaped() : problems.join(QStringLiteral("<br>")));
        toolTip += tr("<br><br>Click to show only its findings.");
        VerdictBadge *badge = m_badges.at(i);
        badge->setVerdict(group ? result : QString(), detail, shaped);
        badge->setToolTip(toolTip);

        // The findings, under one branch per profile; the branch's title spans the columns.
        auto *top = new QTreeWidgetItem(m_verdicts);
        top->setText(0,
                     QStringLiteral("%1 · %2%3")
                         .arg(group ? severitySymbol(result) : tr("– not judged"), profile->title(),
                              shaped ? tr(" · shaped the request") : QString()));
        top->setFirstColumnSpanned(true);
        top->setData(0, Qt::UserRole + 1, profile->name());
        top->setToolTip(0, QStringLiteral("%1 (%2)").arg(profile->title(), profile->name()));
        if (group)
            top->setBackground(0, severityColor(result));
        QFont bold = top->font(0);
        bold.setBold(true);
        top->setFont(0, bold);
        for (const OrderedValue &finding : items) {
            const QString severity = text(finding.member(QStringLiteral("severity")));
            const QString message = text(finding.member(QStringLiteral("message")));
            const QString expected = text(finding.member(QStringLiteral("expected")));
            const QString actual = text(finding.member(QStringLiteral("actual")));
            const QString advice = text(finding.member(QStringLiteral("advice")));
            auto *item = new QTreeWidgetItem(top, {severitySymbol(severity),
                                                   text(finding.member(QStringLiteral("path"))),
                                                   message, expected, actual});
            item->setData(0, Qt::UserRole, advice);
            item->setData(1, Qt::UserRole, severity);
            // Columns are narrow: the whole finding is in the tooltip of every cell (rich text,
            // so that a long message wraps instead of making a screen-wide tooltip).
            QStringList lines{QStringLiteral("<nobr><b>%1</b> · %2</nobr>")
                                  .arg(severity.toHtmlEscaped(), profile->name()),
                              message.toHtmlEscaped()};
            if (!expected.isEmpty())
                lines << tr("<i>Expected:</i> %1").arg(expected.toHtmlEscaped());
            if (!actual.isEmpty())
                lines << tr("<i>Actual:</i> %1").arg(actual.toHtmlEscaped());
            if (!advice.isEmpty())
                lines << tr("<i>Advice:</i> %1").arg(advice.toHtmlEscaped());
            const QString tip = lines.join(QStringLiteral("<br>"));
            for (int column = 0; column < 5; ++column) {
                item->setBackground(column, severityColor(severity));
                item->setToolTip(column, tip);
            }
        }
        // Problems open; a branch that only passes stays closed to keep the failures in view.
        top->setExpanded(!problems.isEmpty() || profiles.size() == 1);
    }
    m_verdictBar->setVisible(true);
    filterVerdicts(m_verdictFilter->currentData().toString());
}

void CallPanel::filterVerdicts(const QString &profileName)
{
    for (int i = 0; i < m_verdicts->topLevelItemCount(); ++i) {
        QTreeWidgetItem *top = m_verdicts->topLevelItem(i);
        const bool shown =
            profileName.isEmpty() || top->data(0, Qt::UserRole + 1).toString() == profileName;
        top->setHidden(!shown);
        // Shown alone, a profile's findings are what was asked for: open them.
        if (shown && !profileName.isEmpty())
            top->setExpanded(true);
    }
    for (VerdictBadge *badge : std::as_const(m_badges))
        badge->setSelected(badge->profile()->name() == profileName);
}

} // namespace paybench::ui
