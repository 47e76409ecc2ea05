#include "DemoGateway.h"

#include "ConnectionGuard.h"
#include "Currency.h"
#include "DashboardPage.h"
#include "GatewayBodies.h"
#include "GatewayHttpServer.h"
#include "OrderedJson.h"
#include "RandomId.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace paybench::gateway {

using json::OrderedValue;

namespace {

OrderedValue str(const QString &text)
{
    return OrderedValue::string(text);
}

QByteArray headerValue(const QHttpServerRequest &request, const QByteArray &name)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return request.headers().value(name).toByteArray();
#else
    for (const auto &[key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
#endif
}

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    default:
        return QStringLiteral("OTHER");
    }
}

// Which methods the guard lets through to a path.
bool isCapturePath(QStringView path)
{
    const QLatin1String prefix(DemoGateway::kCapturePath);
    return path.startsWith(prefix) && (path.size() == prefix.size() || path[prefix.size()] == u'/');
}

// QByteArrayLiteral: asked for every request, so the answer is not allocated each time.
QByteArray routePolicy(const QByteArray &path)
{
    const QString text = QString::fromLatin1(path);
    if (isCapturePath(text) || endpointFromPath(text))
        return QByteArrayLiteral("POST");
    if (path == "/dashboard" || path == "/dashboard/" || path.startsWith("/dashboard/payments/"))
        return QByteArrayLiteral("GET");
    return {};
}

bool isSensitiveKey(const QString &key)
{
    const QString k = key.toLower();
    if (k == QLatin1String("idempotencykey"))
        return false;
    return k.contains(QLatin1String("secret")) || k.contains(QLatin1String("password")) ||
           k.contains(QLatin1String("token")) || k.contains(QLatin1String("authorization")) ||
           k.endsWith(QLatin1String("key"));
}

// A copy fit for logs: every credential value and every member that looks like a secret masked.
OrderedValue masked(const OrderedValue &value, bool maskAll = false)
{
    switch (value.type()) {
    case OrderedValue::Type::Object: {
        QVector<QPair<QString, OrderedValue>> members;
        for (const auto &[key, member] : value.members()) {
            const bool maskThis = maskAll || key == QLatin1String("credentials");
            if ((maskAll || isSensitiveKey(key)) && member.type() != OrderedValue::Type::Object)
                members.append({key, str(QStringLiteral("***"))});
            else
                members.append({key, masked(member, maskThis)});
        }
        return OrderedValue::object(std::move(members));
    }
    case OrderedValue::Type::Array: {
        QVector<OrderedValue> items;
        for (const OrderedValue &item : value.items())
            items.append(masked(item, maskAll));
        return OrderedValue::array(std::move(items));
    }
    default:
        return maskAll ? str(QStringLiteral("***")) : value;
    }
}

QByteArray maskedJson(const QByteArray &body)
{
    const json::ParseResult parsed = json::parse(body);
    return parsed.value ? json::stringify(masked(*parsed.value)) : body.left(4096);
}

const OrderedValue *path(const OrderedValue &root, std::initializer_list<const char *> keys)
{
    const OrderedValue *at = &root;
    for (const char *key : keys) {
        if (!at->isObject())
            return nullptr;
        at = at->member(QLatin1String(key));
        if (!at)
            return nullptr;
    }
    return at;
}

QString typeName(const OrderedValue &value)
{
    switch (value.type()) {
    case OrderedValue::Type::Null:
        return QStringLiteral("null");
    case OrderedValue::Type::Bool:
        return QStringLiteral("a boolean");
    case OrderedValue::Type::Number:
        return QStringLiteral("a number");
    case OrderedValue::Type::String:
        return QStringLiteral("a string");
    case OrderedValue::Type::Array:
        return QStringLiteral("an array");
    case OrderedValue::Type::Object:
        return QStringLiteral("an object");
    }
    return {};
}

// A positive whole number of minor units within the ledger's maximum.
std::optional<qint64> readAmount(const OrderedValue *value, const QString &field, QString *error)
{
    if (!value) {
        *error = QStringLiteral("%1 is required (a positive integer in minor units)").arg(field);
        return std::nullopt;
    }
    if (value->type() != OrderedValue::Type::Number) {
        *error = QStringLiteral("%1 must be a JSON number in minor units, not %2")
                     .arg(field, typeName(*value));
        return std::nullopt;
    }
    const double d = value->toDouble();
    if (!std::isfinite(d) || d > double(PaymentLedger::kMaxAmount)) {
        *error = QStringLiteral("%1 must be at most %2 minor units")
                     .arg(field)
                     .arg(PaymentLedger::kMaxAmount);
        return std::nullopt;
    }
    if (std::floor(d) != d) {
        *error = QStringLiteral("%1 must be a whole number of minor units (cents), got %2")
                     .arg(field)
                     .arg(d);
        return std::nullopt;
    }
    if (d <= 0) {
        *error = QStringLiteral("%1 must be positive").arg(field);
        return std::nullopt;
    }
    return qint64(d);
}

// A string member within the length limit; nullopt with an error otherwise. Absent optional
// members give an empty string.
std::optional<QString> readString(const OrderedValue *value, const QString &field, bool required,
                                  int maxLength, QString *error)
{
    if (!value || value->type() == OrderedValue::Type::Null) {
        if (!required)
            return QString();
        *error = QStringLiteral("%1 is required").arg(field);
        return std::nullopt;
    }
    if (value->type() != OrderedValue::Type::String) {
        *error = QStringLiteral("%1 must be a string, not %2").arg(field, typeName(*value));
        return std::nullopt;
    }
    if (required && value->toString().isEmpty()) {
        *error = QStringLiteral("%1 must not be empty").arg(field);
        return std::nullopt;
    }
    if (value->toString().size() > maxLength) {
        *error = QStringLiteral("%1 is longer than %2 characters").arg(field).arg(maxLength);
        return std::nullopt;
    }
    return value->toString();
}

std::optional<QString> readCurrency(const OrderedValue *value, const QString &field, QString *error)
{
    const auto text = readString(value, field, true, 3, error);
    if (!text)
        return std::nullopt;
    // Openfront stores region currency codes in lower case.
    const QString code = text->toUpper();
    if (!isKnownCurrency(code)) {
        *error = QStringLiteral("%1 '%2' is not a known ISO 4217 currency code").arg(field, *text);
        return std::nullopt;
    }
    return code;
}

bool isJsonContentType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mime =
        (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    return mime == "application/json";
}

// Card-style processing fee: 2.9% + 30 minor units, never more than the amount.
qint64 feeFor(qint64 amount)
{
    return qMin(amount, qint64(std::llround(double(amount) * 0.029)) + 30);
}

// The event type Openfront acts on for each of the gateway's own types, Stripe-style: both
// versions match payment_intent.* names (docs/openfront-runtime.md). A refund has no
// Stripe payment_intent event; charge.refunded is recorded only. Other types pass unchanged.
QString openfrontEventType(const QString &type)
{
    static constexpr std::pair<const char *, const char *> kTypes[] = {
        {"payment.captured", "payment_intent.succeeded"},
        {"payment.failed", "payment_intent.payment_failed"},
        {"payment.authorized", "payment_intent.amount_capturable_updated"},
        {"payment.cancelled", "payment_intent.canceled"},
        {"payment.refunded", "charge.refunded"}};
    for (const auto &[own, openfront] : kTypes) {
        if (type == QLatin1String(own))
            return QLatin1String(openfront);
    }
    return type;
}

// Whether the event reports money taken: its resource then shows the captured amount, which
// is what Openfront 55912a7 captures again.
bool reportsCapturedMoney(const QString &type)
{
    return type == QLatin1String("payment.captured") || type == QLatin1String("payment.refunded");
}

} // namespace

struct GatewayAnswer {
    int status = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QString note;
    bool remember = false; // worth keeping for an idempotent replay
    bool replayed = false;
    bool headOnly = false; // a HEAD answer: the headers of a GET, no body
};

namespace {

GatewayAnswer jsonAnswer(int status, QByteArray body, bool remember = true)
{
    GatewayAnswer answer;
    answer.status = status;
    answer.body = std::move(body);
    answer.remember = remember;
    return answer;
}

// An error that says which rule was broken. `remember`: the request was processed (a broken
// lifecycle rule), so an idempotent retry gets the same answer.
GatewayAnswer errorAnswer(int status, const QString &message, bool remember = false)
{
    return jsonAnswer(status, bodies::error(message), remember);
}

GatewayAnswer webhookError(int status, const QString &message)
{
    return jsonAnswer(status, bodies::webhookError(message), false);
}

GatewayAnswer ledgerError(const LedgerOutcome &outcome, const QString &paymentId)
{
    return jsonAnswer(outcome.httpStatus,
                      outcome.httpStatus == 402 ? bodies::declined(outcome.error, paymentId)
                                                : bodies::error(outcome.error),
                      true);
}

} // namespace

DemoGateway::DemoGateway(QObject *parent)
    : QObject(parent), m_clock([] { return QDateTime::currentDateTimeUtc(); }),
      m_ledger([this] { return m_clock(); }), m_random(QRandomGenerator::securelySeeded()),
      m_webhooks(new WebhookDispatcher(this))
{
    qRegisterMetaType<GatewayLogEntry>();
    qRegisterMetaType<GatewayEvent>();
    qRegisterMetaType<WebhookDelivery>();
    connect(m_webhooks, &WebhookDispatcher::deliveryChanged, this, &DemoGateway::deliveryChanged);
}

DemoGateway::~DemoGateway()
{
    stop();
}

void DemoGateway::setConfig(const GatewayConfig &config)
{
    m_config = config;
    applyWebhookSettings();
    Q_EMIT configChanged();
}

void DemoGateway::setFault(Endpoint endpoint, const Fault &fault)
{
    if (fault.isOff())
        m_config.faults.remove(endpoint);
    else
        m_config.faults.insert(endpoint, fault);
    Q_EMIT configChanged();
}

void DemoGateway::setMemoryCapsForTesting(int events, int idempotencyRecords)
{
    Q_ASSERT(events > 0 && idempotencyRecords > 0);
    m_maxEvents = events;
    m_maxIdempotencyRecords = idempotencyRecords;
}

void DemoGateway::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_webhooks->setClock([this] { return m_clock().toSecsSinceEpoch(); });
}

void DemoGateway::applyWebhookSettings()
{
    WebhookDispatcher::Settings settings;
    settings.url = m_config.webhookUrl;
    settings.scheme = m_config.signatureScheme;
    settings.secret = m_config.webhookSecret.toUtf8();
    settings.maxAttempts = m_config.webhookMaxAttempts;
    settings.backoffMs = m_config.webhookBackoffMs;
    settings.timeoutMs = m_config.webhookTimeoutMs;
    m_webhooks->setSettings(settings);
}

quint16 DemoGateway::start(QString *error)
{
    if (isRunning())
        return m_port;
    const QStringList problems = m_config.validate();
    if (!problems.isEmpty()) {
        if (error)
            *error = problems.join(QStringLiteral("; "));
        return 0;
    }
    QString loadError;
    if (!openState(&loadError)) {
        if (error)
            *error = loadError;
        return 0;
    }
    auto *server = new GatewayHttpServer(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handle(request, std::move(responder));
        },
        this);
    auto *guard = new ConnectionGuard(m_config.limits, m_config.allowedHosts, &routePolicy);
    const QHostAddress address = m_config.host == QLatin1String("localhost")
                                     ? QHostAddress(QHostAddress::LocalHost)
                                     : QHostAddress(m_config.host);
    if (!guard->listen(address, m_config.port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(m_config.host)
                         .arg(m_config.port)
                         .arg(guard->errorString());
        delete guard;
        delete server;
        m_store.reset();
        return 0;
    }
    connect(guard, &ConnectionGuard::requestRefused, this,
            [this](const QByteArray &method, const QByteArray &path, int status,
                   const QString &reason) {
                GatewayLogEntry entry;
                entry.at = m_clock();
                entry.method = QString::fromLatin1(method.left(16));
                entry.path = QString::fromLatin1(path.left(200));
                entry.status = status;
                entry.note = QStringLiteral("refused by the guard: ") + reason;
                log(entry);
            });
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    if (!server->bind(guard)) {
        if (error)
            *error = QStringLiteral("Qt HttpServer refused the listening socket");
        delete guard;
        delete server;
        m_store.reset();
        return 0;
    }
#else
    server->bind(guard);
#endif
    m_server = server;
    m_guard = guard;
    m_port = guard->serverPort();
    applyWebhookSettings();
    Q_EMIT started(m_port);
    return m_port;
}

void DemoGateway::stop()
{
    if (!isRunning())
        return;
    m_heldResponders.clear(); // while their connections and server are still there
    delete m_guard.data();    // closes every connection first
    delete m_server.data();
    m_port = 0;
    commitState();   // nothing pending between requests; a GUI action in flight, maybe
    m_store.reset(); // unlocks the file for the next gateway
    Q_EMIT stopped();
}

bool DemoGateway::isRunning() const
{
    return !m_server.isNull();
}

QUrl DemoGateway::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    // Listening on every address: this machine is reachable as 127.0.0.1.
    const QHostAddress address(m_config.host);
    const bool wildcard = address == QHostAddress(QHostAddress::AnyIPv4) ||
                          address == QHostAddress(QHostAddress::AnyIPv6);
    url.setHost(wildcard ? QStringLiteral("127.0.0.1") : m_config.host);
    url.setPort(m_port);
    return url;
}

QUrl DemoGateway::captureUrl() const
{
    QUrl url = baseUrl();
    url.setPath(QLatin1String(kCapturePath));
    return url;
}

GatewayAnswer DemoGateway::capture(const QHttpServerRequest &request)
{
    if (!m_captureHandler)
        return errorAnswer(404, QStringLiteral("webhook capture is off: start it in the webhook "
                                               "lab (or paybench-cli webhook capture)"));
    InboundWebhook webhook;
    webhook.at = m_clock();
    webhook.method = methodName(request.method()).toLatin1();
    webhook.path = request.url().path(QUrl::FullyEncoded).toLatin1();
    webhook.headers = requestHeaders(request);
    webhook.body = request.body();
    const CaptureAnswer captured = m_captureHandler(webhook);
    GatewayAnswer answer;
    answer.status = captured.status;
    answer.body = captured.body;
    answer.note = QStringLiteral("webhook captured (%1 bytes)").arg(webhook.body.size());
    return answer;
}

int DemoGateway::connectionCount() const
{
    return m_guard ? m_guard->connectionCount() : 0;
}

void DemoGateway::reset()
{
    m_ledger.clear();
    m_events.clear();
    m_idempotency.clear();
    m_idempotencyOrder.clear();
    m_dirtyPayments.clear();
    m_pendingEvents.clear();
    m_pendingIdempotency.clear();
    m_webhooks->clear();
    QString error;
    if (m_store && !m_store->clear(&error))
        Q_EMIT stateSaveFailed(error);
    stateChanged();
}

QVector<Payment> DemoGateway::payments() const
{
    return m_store ? m_store->payments() : m_ledger.payments();
}

QVector<Payment> DemoGateway::recentPayments(int limit) const
{
    return m_store ? m_store->newestPayments(limit) : m_ledger.newestPayments(limit);
}

qint64 DemoGateway::paymentCount() const
{
    return m_store ? m_store->paymentCount() : m_ledger.size();
}

std::optional<Payment> DemoGateway::payment(const QString &paymentId) const
{
    if (auto p = m_ledger.find(paymentId))
        return p;
    if (m_store)
        return m_store->payment(paymentId);
    return std::nullopt;
}

void DemoGateway::loadPayment(const QString &paymentId)
{
    if (!m_store || m_ledger.contains(paymentId))
        return;
    if (auto p = m_store->payment(paymentId))
        m_ledger.adopt(std::move(*p));
}

QVector<GatewayEvent> DemoGateway::events() const
{
    if (m_store)
        return m_store->recentEvents(kMaxEvents) + m_pendingEvents;
    return {m_events.cbegin(), m_events.cend()};
}

QVector<GatewayEvent> DemoGateway::eventsFor(const QString &paymentId) const
{
    if (m_store) {
        QVector<GatewayEvent> list = m_store->eventsFor(paymentId);
        for (const GatewayEvent &event : m_pendingEvents) {
            if (event.paymentId == paymentId)
                list.append(event);
        }
        return list;
    }
    QVector<GatewayEvent> list;
    for (const GatewayEvent &event : m_events) {
        if (event.paymentId == paymentId)
            list.append(event);
    }
    return list;
}

QVector<WebhookDelivery> DemoGateway::deliveries() const
{
    return m_webhooks->deliveries();
}

bool DemoGateway::resendEvent(const QString &eventId)
{
    if (m_store) {
        const auto event = m_store->event(eventId);
        return event &&
               m_webhooks->deliver(event->id, event->type, event->paymentId, event->body) != 0;
    }
    for (const GatewayEvent &event : m_events) {
        if (event.id == eventId)
            return m_webhooks->deliver(event.id, event.type, event.paymentId, event.body) != 0;
    }
    return false;
}

bool DemoGateway::cancelPayment(const QString &paymentId, QString *error)
{
    loadPayment(paymentId);
    const LedgerOutcome outcome = m_ledger.cancel(paymentId);
    if (!outcome.ok()) {
        if (error)
            *error = outcome.error;
        return false;
    }
    raiseEvent(outcome.eventType, paymentId);
    stateChanged(paymentId);
    // A request commits at its end, with its idempotency record; a GUI action commits now.
    if (!m_inRequest && !commitState(error))
        return false;
    return true;
}

// ---- requests ------------------------------------------------------------------------------

void DemoGateway::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer timer;
    timer.start();
    const QPointer<QTcpSocket> socket = m_guard ? m_guard->takeDispatchedRequest() : nullptr;
    GatewayLogEntry entry;
    entry.at = m_clock();
    entry.method = methodName(request.method());
    entry.path = request.url().path();

    const auto endpoint = endpointFromPath(entry.path);
    GatewayAnswer answer;
    Fault fault;
    if (isCapturePath(entry.path)) {
        answer = capture(request);
    } else if (!endpoint) {
        answer = dashboard(entry.path, &entry.paymentId);
    } else {
        fault = m_config.fault(*endpoint);
        if (fault.dropConnection || fault.timeout) {
            entry.note = fault.dropConnection ? QStringLiteral("fault: connection dropped")
                                              : QStringLiteral("fault: timeout, no answer");
            if (fault.dropConnection && socket)
                socket->abort();
            entry.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
            log(entry);
            return;
        }
        if (fault.errorRate > 0 && m_random.generateDouble() < fault.errorRate) {
            answer = errorAnswer(fault.errorStatus,
                                 QStringLiteral("injected fault: HTTP %1").arg(fault.errorStatus));
            answer.note = QStringLiteral("fault: error %1").arg(fault.errorStatus);
        } else {
            m_inRequest = true;
            answer = process(*endpoint, request, &entry.paymentId, &entry.requestBody);
            m_inRequest = false;
            // On disk before the answer goes out: a crash after this loses nothing answered.
            QString stateError;
            if (!commitState(&stateError)) {
                answer = errorAnswer(503, QStringLiteral("the gateway could not store this "
                                                         "change, so it did not happen: ") +
                                              stateError);
                answer.note = QStringLiteral("state not written");
            }
        }
        if (fault.body == Fault::Body::NotJson) {
            answer.body = "<html><body><h1>502 Bad Gateway</h1><p>upstream error</p></body></html>";
            answer.contentType = "text/html";
            answer.note = QStringLiteral("fault: body is not JSON");
        } else if (fault.body == Fault::Body::TruncatedJson) {
            answer.body.truncate(answer.body.size() / 2);
            answer.note = QStringLiteral("fault: body truncated");
        }
    }
    answer.headOnly = request.method() == QHttpServerRequest::Method::Head;
    if (m_config.logBodies)
        entry.responseBody = answer.contentType == "application/json" ? maskedJson(answer.body)
                                                                      : answer.body.left(4096);
    if (answer.replayed)
        entry.note = QStringLiteral("idempotent replay");
    else if (!answer.note.isEmpty())
        entry.note = answer.note;
    entry.status = answer.status;

    if (fault.latencyMs > 0) {
        entry.note = (entry.note.isEmpty() ? QString() : entry.note + QStringLiteral("; ")) +
                     QStringLiteral("fault: latency %1 ms").arg(fault.latencyMs);
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        m_heldResponders.push_back(held);
        QTimer::singleShot(fault.latencyMs, this,
                           [this, weak = std::weak_ptr(held), socket, answer, entry, timer] {
                               const auto kept = weak.lock();
                               if (!kept)
                                   return; // the gateway stopped meanwhile
                               GatewayLogEntry late = entry;
                               writeAnswer(socket, *kept, answer);
                               late.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
                               log(late);
                               m_heldResponders.erase(std::find(m_heldResponders.begin(),
                                                                m_heldResponders.end(), kept));
                           });
        return;
    }
    writeAnswer(socket, responder, answer);
    entry.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    log(entry);
}

void DemoGateway::writeAnswer(const QPointer<QTcpSocket> &socket, QHttpServerResponder &responder,
                              const GatewayAnswer &answer)
{
    // The connection may have gone (client gave up, pipelining refused) while an answer waited.
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    const auto status = QHttpServerResponder::StatusCode(answer.status);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // Qt 6.8 replaced the header-by-header writers; a HEAD answer says Content-Length: 0 there.
    QHttpHeaders headers;
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, answer.contentType);
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    if (answer.replayed)
        headers.append("Idempotent-Replayed", "true");
    responder.write(answer.headOnly ? QByteArray() : answer.body, headers, status);
#else
    responder.writeStatusLine(status);
    // QByteArrayLiteral: the header names and values are not allocated for every answer.
    responder.writeHeader(QByteArrayLiteral("Content-Type"), answer.contentType);
    responder.writeHeader(QByteArrayLiteral("Content-Length"),
                          QByteArray::number(answer.body.size()));
    responder.writeHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    if (answer.replayed)
        responder.writeHeader(QByteArrayLiteral("Idempotent-Replayed"), QByteArrayLiteral("true"));
    responder.writeBody(answer.headOnly ? QByteArray() : answer.body);
#endif
    if (m_guard)
        m_guard->responseWritten(socket);
}

void DemoGateway::log(GatewayLogEntry entry)
{
    Q_EMIT requestHandled(entry);
}

GatewayAnswer DemoGateway::process(Endpoint endpoint, const QHttpServerRequest &request,
                                   QString *paymentId, QByteArray *loggedRequest)
{
    if (!isJsonContentType(headerValue(request, QByteArrayLiteral("content-type"))))
        return errorAnswer(415, QStringLiteral("Content-Type must be application/json"));
    const json::ParseResult parsed = json::parse(request.body());
    if (!parsed.value)
        return errorAnswer(400, QStringLiteral("malformed JSON: ") + parsed.error);
    const OrderedValue &root = *parsed.value;
    if (m_config.logBodies)
        *loggedRequest = json::stringify(masked(root));
    if (!root.isObject())
        return errorAnswer(400, QStringLiteral("the body must be a JSON object"));

    const OrderedValue *provider = root.member(QStringLiteral("provider"));
    if (!provider || !provider->isObject())
        return errorAnswer(400, QStringLiteral("provider must be an object with credentials"));
    const OrderedValue *apiKey = path(*provider, {"credentials", "apiKey"});
    if (!apiKey || apiKey->type() != OrderedValue::Type::String)
        return errorAnswer(401, QStringLiteral("provider.credentials.apiKey is missing"));
    if (!webhook::constantTimeEquals(apiKey->toString().toUtf8(), m_config.apiKey.toUtf8()))
        return errorAnswer(401, QStringLiteral("invalid API key"));

    // Idempotency: Openfront sends the key in the body; API clients send a header.
    QString error;
    const auto bodyKey =
        readString(root.member(QStringLiteral("idempotencyKey")), QStringLiteral("idempotencyKey"),
                   false, kMaxStringLength, &error);
    if (!bodyKey)
        return errorAnswer(400, error);
    const QString headerKey =
        QString::fromUtf8(headerValue(request, QByteArrayLiteral("idempotency-key")));
    if (headerKey.size() > kMaxStringLength)
        return errorAnswer(400, QStringLiteral("the Idempotency-Key header is longer than %1 "
                                               "characters")
                                    .arg(kMaxStringLength));
    if (!bodyKey->isEmpty() && !headerKey.isEmpty() && *bodyKey != headerKey)
        return errorAnswer(400, QStringLiteral("idempotencyKey in the body and the "
                                               "Idempotency-Key header differ"));
    const QString key = bodyKey->isEmpty() ? headerKey : *bodyKey;
    if (key.isEmpty())
        return processValidated(endpoint, root, paymentId);

    const QString slot = endpointName(endpoint) + QLatin1Char('\n') + key;
    const QByteArray fingerprint =
        QCryptographicHash::hash(json::stringify(root), QCryptographicHash::Sha256);
    // With a state file the records live there only: memory does not grow with them.
    std::optional<IdempotentRecord> known;
    if (m_store) {
        known = m_store->idempotent(slot);
    } else if (const IdempotentRecord *record = m_idempotency.find(slot)) {
        known = *record;
    }
    if (known) {
        if (known->fingerprint != fingerprint)
            return errorAnswer(422, QStringLiteral("idempotency key '%1' was already used with a "
                                                   "different request")
                                        .arg(key));
        GatewayAnswer replay;
        replay.status = known->status;
        replay.body = known->body;
        replay.replayed = true;
        if (const OrderedValue *id = root.member(QStringLiteral("paymentId"));
            id && id->type() == OrderedValue::Type::String)
            *paymentId = id->toString();
        return replay;
    }
    GatewayAnswer answer = processValidated(endpoint, root, paymentId);
    if (answer.remember) {
        if (m_store)
            m_pendingIdempotency.append({slot, {fingerprint, answer.status, answer.body}});
        else
            rememberIdempotent(slot, {fingerprint, answer.status, answer.body});
        stateChanged();
    }
    return answer;
}

GatewayAnswer DemoGateway::processValidated(Endpoint endpoint, const OrderedValue &body,
                                            QString *paymentId)
{
    if (endpoint == Endpoint::CreatePayment)
        return createPayment(body, paymentId);
    if (endpoint == Endpoint::HandleWebhook)
        return handleWebhook(body, paymentId);
    QString error;
    const auto id = readString(body.member(QStringLiteral("paymentId")),
                               QStringLiteral("paymentId"), true, kMaxStringLength, &error);
    if (!id)
        return errorAnswer(400, error);
    *paymentId = *id;
    loadPayment(*id);
    switch (endpoint) {
    case Endpoint::CapturePayment:
        return capturePayment(body, *id);
    case Endpoint::RefundPayment:
        return refundPayment(body, *id);
    case Endpoint::GetPaymentStatus:
        return paymentStatus(*id);
    case Endpoint::GeneratePaymentLink:
        return paymentLink(*id);
    case Endpoint::CancelPayment:
        return cancel(*id);
    case Endpoint::CreatePayment:
    case Endpoint::HandleWebhook:
        break;
    }
    return errorAnswer(404, QStringLiteral("no such route"));
}

GatewayAnswer DemoGateway::createPayment(const OrderedValue &body, QString *paymentId)
{
    QString error;
    const auto amount =
        readAmount(body.member(QStringLiteral("amount")), QStringLiteral("amount"), &error);
    if (!amount)
        return errorAnswer(400, error);
    const OrderedValue *cart = body.member(QStringLiteral("cart"));
    if (!cart || !cart->isObject())
        return errorAnswer(400, QStringLiteral("cart must be an object with an id"));
    const auto cartId = readString(cart->member(QStringLiteral("id")), QStringLiteral("cart.id"),
                                   true, kMaxStringLength, &error);
    if (!cartId)
        return errorAnswer(400, error);
    // The documented total, or what Openfront sends (rawTotal); either must be a number.
    for (const char *field : {"total", "rawTotal"}) {
        const OrderedValue *total = cart->member(QLatin1String(field));
        if (total && total->type() != OrderedValue::Type::Number)
            return errorAnswer(400, QStringLiteral("cart.%1 must be a number, not %2")
                                        .arg(QLatin1String(field), typeName(*total)));
    }
    // The documented top-level currency, else cart.currency, else Openfront's region currency.
    const OrderedValue *currencyValue = body.member(QStringLiteral("currency"));
    QString field = QStringLiteral("currency");
    if (!currencyValue) {
        currencyValue = cart->member(QStringLiteral("currency"));
        field = QStringLiteral("cart.currency");
    }
    if (!currencyValue) {
        currencyValue = path(*cart, {"region", "currency", "code"});
        field = QStringLiteral("cart.region.currency.code");
    }
    const auto currency = readCurrency(currencyValue, field, &error);
    if (!currency)
        return errorAnswer(400, error);

    const LedgerOutcome outcome = m_ledger.create(*amount, *currency, *cartId, paymentId);
    if (!outcome.eventType.isEmpty())
        raiseEvent(outcome.eventType, *paymentId);
    stateChanged(*paymentId);
    if (!outcome.ok())
        return ledgerError(outcome, *paymentId);
    return jsonAnswer(200, bodies::created(*m_ledger.find(*paymentId)));
}

std::optional<GatewayAnswer> DemoGateway::currencyMismatch(const OrderedValue &body,
                                                           const QString &paymentId) const
{
    const OrderedValue *currencyValue = body.member(QStringLiteral("currency"));
    if (!currencyValue)
        return std::nullopt;
    QString error;
    const auto currency = readCurrency(currencyValue, QStringLiteral("currency"), &error);
    if (!currency)
        return errorAnswer(400, error);
    const auto p = m_ledger.find(paymentId);
    if (p && p->currency != *currency)
        return errorAnswer(400,
                           QStringLiteral("currency %1 does not match the payment's %2")
                               .arg(*currency, p->currency),
                           true);
    return std::nullopt;
}

GatewayAnswer DemoGateway::capturePayment(const OrderedValue &body, const QString &paymentId)
{
    QString error;
    const auto amount =
        readAmount(body.member(QStringLiteral("amount")), QStringLiteral("amount"), &error);
    if (!amount)
        return errorAnswer(400, error);
    if (auto mismatch = currencyMismatch(body, paymentId))
        return *mismatch;
    const LedgerOutcome outcome = m_ledger.capture(paymentId, *amount);
    if (!outcome.eventType.isEmpty()) {
        raiseEvent(outcome.eventType, paymentId);
        stateChanged(paymentId);
    }
    if (!outcome.ok())
        return ledgerError(outcome, paymentId);
    // The documented fields, then what Openfront reads: status, amount, currency and data.
    const auto p = m_ledger.find(paymentId);
    GatewayAnswer answer = jsonAnswer(
        200, bodies::captured(*p, outcome.reference, outcome.amount, feeFor(outcome.amount)));
    if (outcome.repeated)
        answer.note = QStringLiteral("repeated capture of the captured amount: answered with "
                                     "capture %1 again, no second charge")
                          .arg(outcome.reference);
    return answer;
}

GatewayAnswer DemoGateway::refundPayment(const OrderedValue &body, const QString &paymentId)
{
    QString error;
    const auto amount =
        readAmount(body.member(QStringLiteral("amount")), QStringLiteral("amount"), &error);
    if (!amount)
        return errorAnswer(400, error);
    const auto reason = readString(body.member(QStringLiteral("reason")), QStringLiteral("reason"),
                                   false, kMaxReasonLength, &error);
    if (!reason)
        return errorAnswer(400, error);
    if (auto mismatch = currencyMismatch(body, paymentId))
        return *mismatch;
    const LedgerOutcome outcome = m_ledger.refund(
        paymentId, *amount, reason->isEmpty() ? QStringLiteral("requested_by_customer") : *reason);
    if (!outcome.ok())
        return ledgerError(outcome, paymentId);
    raiseEvent(outcome.eventType, paymentId);
    stateChanged(paymentId);
    return jsonAnswer(
        200, bodies::refunded(*m_ledger.find(paymentId), outcome.reference, outcome.amount));
}

GatewayAnswer DemoGateway::paymentStatus(const QString &paymentId)
{
    const LedgerOutcome outcome = m_ledger.checkStatus(paymentId);
    if (!outcome.ok())
        return ledgerError(outcome, paymentId);
    if (!outcome.eventType.isEmpty()) {
        raiseEvent(outcome.eventType, paymentId);
        stateChanged(paymentId);
    }
    const auto p = m_ledger.find(paymentId);
    return jsonAnswer(200, bodies::status(*p, captureIdOf(*p)), false);
}

GatewayAnswer DemoGateway::paymentLink(const QString &paymentId)
{
    if (!m_ledger.contains(paymentId))
        return errorAnswer(404, QStringLiteral("unknown payment '%1'").arg(paymentId), true);
    QUrl url = baseUrl();
    url.setPath(QStringLiteral("/dashboard/payments/") + paymentId);
    return jsonAnswer(200, bodies::link(url.toString(QUrl::FullyEncoded)));
}

GatewayAnswer DemoGateway::cancel(const QString &paymentId)
{
    QString error;
    if (!cancelPayment(paymentId, &error))
        return errorAnswer(m_ledger.contains(paymentId) ? 400 : 404, error, true);
    return jsonAnswer(200, bodies::cancelled(paymentId));
}

GatewayAnswer DemoGateway::handleWebhook(const OrderedValue &body, QString *paymentId)
{
    const OrderedValue *event = body.member(QStringLiteral("event"));
    if (!event || !event->isObject())
        return webhookError(400, QStringLiteral("event must be an object"));
    const OrderedValue *headers = body.member(QStringLiteral("headers"));
    if (headers && !headers->isObject())
        return webhookError(400, QStringLiteral("headers must be an object"));

    // The exact bytes the gateway posted: Openfront e23341c's route adds them as `__rawBody` and
    // its handler lower-cases every key, so `__rawbody` is what arrives; 55912a7 sends none.
    webhook::HeaderList headerList;
    QByteArray signedBytes;
    QString rawBodyKey;
    if (headers) {
        for (const auto &[name, value] : headers->members()) {
            if (value.type() != OrderedValue::Type::String)
                continue;
            if (name.compare(QLatin1String("__rawbody"), Qt::CaseInsensitive) == 0) {
                if (rawBodyKey.isEmpty()) {
                    signedBytes = value.toString().toUtf8();
                    rawBodyKey = name;
                }
            } else {
                headerList.append({name.toUtf8(), value.toString().toUtf8()});
            }
        }
    }
    // Without the exact bytes, re-create them as JSON.stringify(event) would: keys in order.
    if (rawBodyKey.isEmpty())
        signedBytes = json::stringify(*event);
    const QString verifiedOver =
        rawBodyKey.isEmpty()
            ? QStringLiteral("no headers.__rawbody (Openfront 55912a7 sends none): fell back to "
                             "the re-serialised event (JSON.stringify order)")
            : QStringLiteral("signature checked over headers.%1 (the exact bytes)").arg(rawBodyKey);
    const OrderedValue *configured = path(body, {"provider", "credentials", "webhookSecret"});
    const QString secret = configured && configured->type() == OrderedValue::Type::String &&
                                   !configured->toString().isEmpty()
                               ? configured->toString()
                               : m_config.webhookSecret;
    const webhook::WebhookSigner signer(m_config.signatureScheme, secret.toUtf8(),
                                        [this] { return m_clock().toSecsSinceEpoch(); });
    const webhook::VerifyResult verdict = signer.verify(signedBytes, headerList);
    if (!verdict.valid()) {
        GatewayAnswer answer =
            webhookError(403, QStringLiteral("invalid webhook signature: ") + verdict.explanation);
        answer.note = verifiedOver;
        return answer;
    }
    const OrderedValue *type = event->member(QStringLiteral("type"));
    const OrderedValue *payment = path(*event, {"data", "payment"});
    const OrderedValue *id = payment ? path(*payment, {"id"}) : nullptr;
    if (!type || type->type() != OrderedValue::Type::String || !id ||
        id->type() != OrderedValue::Type::String)
        return webhookError(400, QStringLiteral("event.type and event.data.payment.id must be "
                                                "strings"));
    *paymentId = id->toString().left(kMaxStringLength);
    loadPayment(id->toString());
    // Openfront de-duplicates by event id: an event without one gets an id derived from its
    // bytes, the same for every delivery of that event.
    const OrderedValue *eventId = event->member(QStringLiteral("id"));
    const QString answerEventId =
        eventId && eventId->type() == OrderedValue::Type::String && !eventId->toString().isEmpty()
            ? eventId->toString()
            : QStringLiteral("evt_") +
                  QString::fromLatin1(
                      QCryptographicHash::hash(signedBytes, QCryptographicHash::Sha256)
                          .toHex()
                          .left(24));
    static const QStringList kUpdates = {
        QStringLiteral("payment.captured"), QStringLiteral("payment.failed"),
        QStringLiteral("payment.cancelled"), QStringLiteral("payment.refunded")};
    // The documented fields, then what Openfront reads: type, resource and event.id.
    bodies::WebhookVerdict handled;
    handled.eventType = type->toString();
    handled.openfrontType = openfrontEventType(handled.eventType);
    handled.shouldUpdatePayment = kUpdates.contains(handled.eventType);
    handled.eventId = answerEventId;
    handled.resource = webhookResource(handled.eventType, id->toString(), *payment);
    GatewayAnswer answer = jsonAnswer(200, bodies::webhookHandled(handled));
    answer.note = verifiedOver;
    return answer;
}

bodies::WebhookResource DemoGateway::webhookResource(const QString &eventType,
                                                     const QString &paymentId,
                                                     const OrderedValue &eventPayment) const
{
    // The gateway's own record when it knows the payment, else what the signed event says.
    bodies::WebhookResource resource;
    resource.paymentId = paymentId;
    if (const auto p = m_ledger.find(paymentId)) {
        resource.cartId = p->cartId;
        resource.status = statusName(p->status);
        resource.currency = p->currency;
        resource.amount = reportsCapturedMoney(eventType) && p->capturedAmount > 0
                              ? p->capturedAmount
                              : p->amount;
    } else {
        auto text = [&](std::initializer_list<const char *> keys) {
            const OrderedValue *value = path(eventPayment, keys);
            return value && value->type() == OrderedValue::Type::String ? value->toString()
                                                                        : QString();
        };
        auto whole = [&](const char *key) -> std::optional<qint64> {
            const OrderedValue *value = eventPayment.member(QLatin1String(key));
            if (!value || value->type() != OrderedValue::Type::Number)
                return std::nullopt;
            return qint64(value->toDouble());
        };
        resource.cartId = text({"metadata", "cartId"});
        resource.status = text({"status"});
        resource.currency = text({"currency"});
        const auto captured = whole("capturedAmount");
        resource.amount = reportsCapturedMoney(eventType) && captured.value_or(0) > 0
                              ? captured
                              : whole("amount");
    }
    return resource;
}

GatewayAnswer DemoGateway::dashboard(const QString &urlPath, QString *paymentId)
{
    GatewayAnswer answer;
    answer.contentType = "text/html; charset=utf-8";
    const QString prefix = QStringLiteral("/dashboard/payments/");
    if (!urlPath.startsWith(prefix)) {
        if (!m_store) {
            answer.body = renderPaymentList(m_ledger.payments());
            return answer;
        }
        // Not every stored payment into memory for a page that shows the newest 200: the
        // count line is then corrected to the stored total (the text renderPaymentList writes).
        constexpr int kListed = 200;
        const QVector<Payment> newest = m_store->newestPayments(kListed);
        const qint64 total = m_store->paymentCount();
        answer.body = renderPaymentList(newest);
        if (total > newest.size()) {
            answer.body.replace(QStringLiteral("<p>%1 payment(s).").arg(newest.size()).toUtf8(),
                                QStringLiteral("<p>%1 payment(s), the newest %2 shown.")
                                    .arg(total)
                                    .arg(newest.size())
                                    .toUtf8());
        }
        return answer;
    }
    *paymentId = urlPath.mid(prefix.size()).left(kMaxStringLength);
    loadPayment(*paymentId);
    const auto p = m_ledger.find(*paymentId);
    if (!p) {
        answer.status = 404;
        answer.body = renderNotFound(*paymentId);
        return answer;
    }
    answer.body = renderPaymentPage(*p, eventsFor(p->id), m_webhooks->deliveries());
    return answer;
}

// ---- events and state ----------------------------------------------------------------------

void DemoGateway::raiseEvent(const QString &type, const QString &paymentId)
{
    const auto p = m_ledger.find(paymentId);
    if (!p)
        return;
    GatewayEvent event;
    event.id = randomId(u"evt_");
    event.type = type;
    event.paymentId = paymentId;
    event.created = m_clock();
    event.body = bodies::event(event.id, type, event.created.toSecsSinceEpoch(), *p);
    event.body.squeeze(); // kept with many others: no spare capacity
    if (m_store) {
        // Announced and sent once stored (commitState): no webhook for a change that is lost.
        m_pendingEvents.append(event);
        return;
    }
    m_events.push_back(event);
    while (m_events.size() > size_t(m_maxEvents))
        m_events.pop_front();
    publishEvent(event);
}

void DemoGateway::rememberIdempotent(const QString &slot, IdempotentRecord record)
{
    record.body.squeeze(); // kept with many others: no spare capacity
    const auto kept = m_idempotency.tryEmplace(slot);
    kept.value = std::move(record);
    if (kept.added)
        m_idempotencyOrder.push_back(slot);
    while (m_idempotencyOrder.size() > size_t(m_maxIdempotencyRecords)) {
        m_idempotency.remove(m_idempotencyOrder.front());
        m_idempotencyOrder.pop_front();
    }
}

void DemoGateway::publishEvent(const GatewayEvent &event)
{
    Q_EMIT eventRaised(event);
    m_webhooks->deliver(event.id, event.type, event.paymentId, event.body);
}

void DemoGateway::stateChanged(const QString &paymentId)
{
    if (m_store && !paymentId.isEmpty())
        m_dirtyPayments.insert(paymentId);
    Q_EMIT paymentsChanged();
}

bool DemoGateway::commitState(QString *error)
{
    if (!m_store) {
        m_dirtyPayments.clear();
        m_pendingEvents.clear();
        m_pendingIdempotency.clear();
        return true;
    }
    GatewayStateStore::Change change;
    for (const QString &id : std::as_const(m_dirtyPayments)) {
        if (const auto p = m_ledger.find(id))
            change.payments.append(*p);
    }
    change.events = std::exchange(m_pendingEvents, {});
    change.idempotency = std::exchange(m_pendingIdempotency, {});
    m_dirtyPayments.clear();
    QString problem;
    if (!m_store->commit(change, &problem)) {
        // Memory follows the file: the changes that were not written are forgotten.
        for (const Payment &p : std::as_const(change.payments))
            m_ledger.forget(p.id);
        if (error)
            *error = problem;
        Q_EMIT stateSaveFailed(problem);
        return false;
    }
    m_ledger.trimTo(kCachedPayments);
    for (const GatewayEvent &event : std::as_const(change.events))
        publishEvent(event);
    return true;
}

bool DemoGateway::saveStateNow(QString *error)
{
    if (!m_store) {
        if (error)
            *error = m_config.stateFile.isEmpty()
                         ? QStringLiteral("no state file is set")
                         : QStringLiteral("the state file is open only while the gateway runs");
        return false;
    }
    return commitState(error);
}

bool DemoGateway::openState(QString *error)
{
    m_store.reset();
    if (m_config.stateFile.isEmpty())
        return true;
    auto store = std::make_unique<GatewayStateStore>(m_config.stateFile, m_stateSync);
    store->setEventLimit(kMaxEvents);
    if (!store->open(error))
        return false;
    m_store = std::move(store);
    if (m_store->isNew()) {
        // A new file takes what this gateway already holds (payments made before it was set).
        GatewayStateStore::Change change;
        change.payments = m_ledger.payments();
        change.events = {m_events.cbegin(), m_events.cend()};
        m_idempotency.forEach([&change](const QString &slot, const IdempotentRecord &record) {
            change.idempotency.append({slot, record});
        });
        if (!m_store->commit(change, error)) {
            m_store.reset();
            return false;
        }
    }
    // Payments and events are read on demand: opening costs the same for any size.
    m_ledger.clear();
    m_idempotency.clear();
    m_idempotencyOrder.clear();
    m_dirtyPayments.clear();
    m_pendingEvents.clear();
    m_pendingIdempotency.clear();
    m_events.clear();
    Q_EMIT paymentsChanged();
    return true;
}

} // namespace paybench::gateway
