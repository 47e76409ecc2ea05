#include "ConnectivityProbe.h"

#include "CaCertificates.h"

#include <QHostInfo>
#include <QJsonValue>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>
#include <QVariant>

#include <functional>

namespace paybench::support {

using contract::Severity;
using json::OrderedValue;

namespace {

struct HttpAnswer {
    bool complete = false;
    int status = 0;
    QByteArray reason;
    QByteArray contentType;
    QByteArray body;
};

// Decodes a chunked body; false while it is not complete.
bool decodeChunked(const QByteArray &data, QByteArray *body)
{
    qsizetype at = 0;
    body->clear();
    while (true) {
        const qsizetype lineEnd = data.indexOf("\r\n", at);
        if (lineEnd < 0)
            return false;
        bool ok = false;
        const qsizetype size =
            data.mid(at, lineEnd - at).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok)
            return true; // not chunked after all: take what came
        if (size == 0)
            return true;
        if (data.size() < lineEnd + 2 + size)
            return false;
        body->append(data.mid(lineEnd + 2, size));
        at = lineEnd + 2 + size + 2;
    }
}

// Reads an HTTP/1.1 answer; `closed` says the peer closed, which ends a body without length.
HttpAnswer parseAnswer(const QByteArray &data, bool closed)
{
    HttpAnswer answer;
    const qsizetype headEnd = data.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return answer;
    const QList<QByteArray> lines = data.left(headEnd).split('\n');
    const QList<QByteArray> status = lines.first().trimmed().split(' ');
    if (status.size() < 2 || !status.first().startsWith("HTTP/"))
        return answer;
    answer.status = status.at(1).toInt();
    answer.reason = lines.first().trimmed().split(' ').mid(2).join(' ');
    qsizetype length = -1;
    bool chunked = false;
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "transfer-encoding" && value.toLower().contains("chunked"))
            chunked = true;
        else if (name == "content-type")
            answer.contentType = value;
    }
    const QByteArray rest = data.mid(headEnd + 4);
    if (chunked) {
        answer.complete = decodeChunked(rest, &answer.body) || closed;
    } else if (length >= 0) {
        answer.body = rest.left(length);
        answer.complete = rest.size() >= length || closed;
    } else {
        answer.body = rest;
        answer.complete = closed;
    }
    return answer;
}

QString addressList(const QList<QHostAddress> &addresses)
{
    QStringList texts;
    for (const QHostAddress &address : addresses)
        texts.append(address.toString());
    return texts.join(QStringLiteral(", "));
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    default:
        return QStringLiteral("older than TLS 1.2");
    }
}

bool isLoopbackHost(const QString &host)
{
    const QHostAddress address(host);
    return host == QLatin1String("localhost") || (!address.isNull() && address.isLoopback());
}

OrderedValue certificateJson(const QSslCertificate &certificate)
{
    return OrderedValue::object({
        {QStringLiteral("subject"), OrderedValue::string(certificate.subjectDisplayName())},
        {QStringLiteral("issuer"), OrderedValue::string(certificate.issuerDisplayName())},
        {QStringLiteral("notAfter"),
         OrderedValue::string(certificate.expiryDate().toUTC().toString(Qt::ISODate))},
        {QStringLiteral("selfSigned"), OrderedValue::boolean(certificate.isSelfSigned())},
    });
}

} // namespace

bool planPlatformProbe(const Platform &platform, QVector<ProbeRequest> *requests,
                       ProbeOptions *options, QString *error)
{
    if (!platform.caCertificateFile.isEmpty()) {
        const std::optional<QList<QSslCertificate>> certificates =
            client::readCaCertificates(platform.caCertificateFile, error);
        if (!certificates)
            return false;
        options->caCertificates += *certificates;
    }
    for (const PaymentFunction function : kAllPaymentFunctions) {
        const QString &target = platform.target(function);
        if (!isBuiltInAdapter(target))
            requests->append({functionSlug(function), QUrl(target)});
    }
    return true;
}

ConnectivityProbe::ConnectivityProbe(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    qRegisterMetaType<paybench::support::ProbeReport>();
    qRegisterMetaType<paybench::support::ProbeTarget>();
    m_timer->setSingleShot(true);
}

ConnectivityProbe::~ConnectivityProbe()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    dropSocket();
}

void ConnectivityProbe::start(const QVector<ProbeRequest> &requests, const ProbeOptions &options)
{
    if (m_running)
        cancel();
    m_options = options;
    m_requests = requests;
    m_report = ProbeReport{};
    m_report.startedAt = QDateTime::currentDateTimeUtc();
    m_index = -1;
    m_running = true;
    finishTarget();
}

void ConnectivityProbe::cancel()
{
    if (!m_running)
        return;
    m_timer->stop();
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    m_lookupId = -1;
    dropSocket();
    m_running = false;
    m_report.cancelled = true;
    emit probeFinished(m_report);
}

ProbeStep ConnectivityProbe::step(const QString &name) const
{
    ProbeStep s;
    s.name = name;
    s.elapsedMs = m_clock.elapsed();
    return s;
}

void ConnectivityProbe::armTimer(const std::function<void()> &onTimeout)
{
    m_timer->disconnect();
    connect(m_timer, &QTimer::timeout, this, onTimeout);
    m_timer->start(m_options.stepTimeoutMs);
    m_clock.start();
}

void ConnectivityProbe::dropSocket()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = nullptr;
}

void ConnectivityProbe::finishTarget()
{
    if (m_index >= 0) {
        m_report.targets.append(m_target);
        emit targetProbed(m_index, m_target);
    }
    ++m_index;
    if (m_index >= m_requests.size()) {
        m_running = false;
        emit probeFinished(m_report);
        return;
    }
    m_target = ProbeTarget{m_requests[m_index].label, m_requests[m_index].url, {}};
    m_addresses.clear();
    m_stage = Stage::Dns;
    const QUrl &url = m_target.url;
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        ProbeStep s;
        s.name = QStringLiteral("url");
        s.severity = Severity::Failure;
        s.summary = QStringLiteral("not an absolute http(s) URL: %1").arg(url.toString());
        s.advice = QStringLiteral("Openfront calls a function over HTTP only when its field "
                                  "starts with http; anything else names a built-in adapter.");
        m_target.steps.append(s);
        QTimer::singleShot(0, this, [this] { finishTarget(); });
        return;
    }
    // Asynchronous even for literal addresses, so every target ends from the event loop.
    QTimer::singleShot(0, this, [this] { nextStage(); });
}

void ConnectivityProbe::nextStage()
{
    if (!m_running)
        return;
    switch (m_stage) {
    case Stage::Dns:
        startDns();
        break;
    case Stage::Tcp:
        startTcp();
        break;
    case Stage::Tls:
        startTls();
        break;
    case Stage::HttpGet:
        startHttp("GET");
        break;
    case Stage::HttpPost:
        startHttp("POST");
        break;
    case Stage::Done:
        finishTarget();
        break;
    }
}

void ConnectivityProbe::finishStep(ProbeStep done, Stage next)
{
    m_timer->stop();
    dropSocket();
    m_target.steps.append(done);
    m_stage = next;
    QTimer::singleShot(0, this, [this] { nextStage(); });
}

void ConnectivityProbe::failTarget(const ProbeStep &failed, const QString &skipReason)
{
    m_target.steps.append(failed);
    skipRest(skipReason);
    m_stage = Stage::Done;
    nextStage();
}

void ConnectivityProbe::skipRest(const QString &reason)
{
    const QStringList names{QStringLiteral("tcp"), QStringLiteral("tls"),
                            QStringLiteral("http-get"), QStringLiteral("http-post")};
    for (const QString &name : names) {
        bool present = false;
        for (const ProbeStep &s : std::as_const(m_target.steps))
            present = present || s.name == name;
        if (present)
            continue;
        ProbeStep s;
        s.name = name;
        s.skipped = true;
        s.summary = reason;
        m_target.steps.append(s);
    }
}

void ConnectivityProbe::startDns()
{
    const QString host = m_target.url.host();
    armTimer([this] {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
        ProbeStep s = step(QStringLiteral("dns"));
        s.severity = Severity::Failure;
        s.summary = QStringLiteral("no answer within %1 ms").arg(m_options.stepTimeoutMs);
        s.advice = QStringLiteral("The resolver does not answer: check the network and DNS "
                                  "settings of this machine.");
        failTarget(s, QStringLiteral("no address"));
    });
    m_lookupId = QHostInfo::lookupHost(host, this, [this, host](const QHostInfo &info) {
        m_lookupId = -1;
        m_timer->stop();
        ProbeStep s = step(QStringLiteral("dns"));
        OrderedValue addresses = OrderedValue::array();
        for (const QHostAddress &address : info.addresses())
            addresses.append(OrderedValue::string(address.toString()));
        s.details.setMember(QStringLiteral("addresses"), addresses);
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            s.severity = Severity::Failure;
            s.summary = QStringLiteral("%1 does not resolve: %2").arg(host, info.errorString());
            s.advice = QStringLiteral("Check the spelling of the host name and that its DNS "
                                      "record exists (dig %1).")
                           .arg(host);
            failTarget(s, QStringLiteral("no address"));
            return;
        }
        m_addresses = info.addresses();
        m_addressIndex = 0;
        m_tcpFailures.clear();
        s.summary = QStringLiteral("%1 address%2: %3")
                        .arg(m_addresses.size())
                        .arg(m_addresses.size() == 1 ? QString() : QStringLiteral("es"),
                             addressList(m_addresses));
        finishStep(s, Stage::Tcp);
    });
}

QTcpSocket *ConnectivityProbe::newSocket(bool tls)
{
    dropSocket();
    if (!tls) {
        m_socket = new QTcpSocket(this);
        return m_socket;
    }
    auto *ssl = new QSslSocket(this);
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!m_options.caCertificates.isEmpty())
        configuration.addCaCertificates(m_options.caCertificates);
    ssl->setSslConfiguration(configuration);
    ssl->setPeerVerifyName(m_target.url.host());
    m_socket = ssl;
    return ssl;
}

void ConnectivityProbe::startTcp()
{
    const quint16 port =
        quint16(m_target.url.port(m_target.url.scheme() == QLatin1String("https") ? 443 : 80));
    const QHostAddress address = m_addresses.at(m_addressIndex);
    QTcpSocket *socket = newSocket(false);
    armTimer([this, address, port] {
        ProbeStep s = step(QStringLiteral("tcp"));
        s.severity = Severity::Failure;
        s.summary = QStringLiteral("no connection to %1 port %2 within %3 ms")
                        .arg(address.toString())
                        .arg(port)
                        .arg(m_options.stepTimeoutMs);
        s.advice = QStringLiteral("A firewall drops the packets, or the host is down.");
        m_timer->stop();
        dropSocket();
        failTarget(s, QStringLiteral("no connection"));
    });
    connect(socket, &QTcpSocket::connected, this, [this, address, port] {
        ProbeStep s = step(QStringLiteral("tcp"));
        s.summary = QStringLiteral("connected to %1 port %2").arg(address.toString()).arg(port);
        m_connected = address;
        finishStep(s, Stage::Tls);
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, address, port] {
        ProbeStep s = step(QStringLiteral("tcp"));
        s.severity = Severity::Failure;
        s.summary = QStringLiteral("cannot connect to %1 port %2: %3")
                        .arg(address.toString())
                        .arg(port)
                        .arg(socket->errorString());
        s.advice = socket->error() == QAbstractSocket::ConnectionRefusedError
                       ? QStringLiteral("Nothing listens on that port: is the service running, "
                                        "and is the port in the URL right?")
                       : QStringLiteral("The network refuses the connection: check firewalls "
                                        "and routes.");
        m_timer->stop();
        dropSocket();
        if (m_addressIndex + 1 < m_addresses.size()) {
            // Like a browser: the next address of the name may listen.
            ++m_addressIndex;
            m_tcpFailures.append(s.summary);
            startTcp();
            return;
        }
        if (!m_tcpFailures.isEmpty())
            s.summary = m_tcpFailures.join(QStringLiteral("; ")) + QStringLiteral("; ") + s.summary;
        failTarget(s, QStringLiteral("no connection"));
    });
    socket->connectToHost(address, port);
}

void ConnectivityProbe::startTls()
{
    if (m_target.url.scheme() != QLatin1String("https")) {
        ProbeStep s;
        s.name = QStringLiteral("tls");
        s.skipped = true;
        if (isLoopbackHost(m_target.url.host())) {
            s.summary = QStringLiteral("plain http on this machine");
        } else {
            s.severity = Severity::Warning;
            s.summary = QStringLiteral("plain http: no encryption");
            s.advice = QStringLiteral("Openfront sends the provider's credentials in every request "
                                      "body: use https for anything but local tests.");
        }
        m_target.steps.append(s);
        m_stage = Stage::HttpGet;
        QTimer::singleShot(0, this, [this] { nextStage(); });
        return;
    }
    auto *socket = static_cast<QSslSocket *>(newSocket(true));
    m_tlsErrors.clear();
    armTimer([this] {
        ProbeStep s = step(QStringLiteral("tls"));
        s.severity = Severity::Failure;
        s.summary = QStringLiteral("no TLS handshake within %1 ms").arg(m_options.stepTimeoutMs);
        s.advice = QStringLiteral("The server accepts connections but does not speak TLS on "
                                  "this port (an http server behind an https URL?).");
        dropSocket();
        failTarget(s, QStringLiteral("no TLS session"));
    });
    connect(socket, &QSslSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
        // Recorded for the verdict; the handshake goes on so the chain can be shown.
        m_tlsErrors = errors;
        socket->ignoreSslErrors();
    });
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        ProbeStep s = step(QStringLiteral("tls"));
        const QList<QSslCertificate> chain = socket->peerCertificateChain();
        const QSslCertificate leaf = socket->peerCertificate();
        OrderedValue chainJson = OrderedValue::array();
        for (const QSslCertificate &certificate : chain)
            chainJson.append(certificateJson(certificate));
        QStringList names = leaf.subjectInfo(QSslCertificate::CommonName);
        for (const QString &name : leaf.subjectAlternativeNames().values(QSsl::DnsEntry))
            names.append(name);
        for (const QString &name : leaf.subjectAlternativeNames().values(QSsl::IpAddressEntry))
            names.append(name);
        names.removeDuplicates();
        bool hostMatches = true;
        QStringList errors;
        for (const QSslError &error : std::as_const(m_tlsErrors)) {
            errors.append(error.errorString());
            if (error.error() == QSslError::HostNameMismatch)
                hostMatches = false;
        }
        const qint64 days = QDateTime::currentDateTimeUtc().daysTo(leaf.expiryDate());
        const QString protocol = protocolName(socket->sessionProtocol());
        s.details = OrderedValue::object({
            {QStringLiteral("protocol"), OrderedValue::string(protocol)},
            {QStringLiteral("cipher"), OrderedValue::string(socket->sessionCipher().name())},
            {QStringLiteral("names"), OrderedValue::fromQJson(QJsonValue::fromVariant(names))},
            {QStringLiteral("hostMatches"), OrderedValue::boolean(hostMatches)},
            {QStringLiteral("expiresInDays"), OrderedValue::number(double(days))},
            {QStringLiteral("trusted"), OrderedValue::boolean(errors.isEmpty())},
            {QStringLiteral("errors"), OrderedValue::fromQJson(QJsonValue::fromVariant(errors))},
            {QStringLiteral("chain"), chainJson},
        });
        s.summary = QStringLiteral("%1, %2, expires in %3 days, %4")
                        .arg(protocol, leaf.subjectDisplayName())
                        .arg(days)
                        .arg(errors.isEmpty() ? QStringLiteral("trusted")
                                              : QStringLiteral("NOT trusted: ") +
                                                    errors.join(QStringLiteral("; ")));
        if (!errors.isEmpty()) {
            s.severity = Severity::Failure;
            s.advice = !hostMatches
                           ? QStringLiteral("The certificate is not issued for %1 (it names %2): "
                                            "Openfront's fetch refuses it.")
                                 .arg(m_target.url.host(), names.join(QStringLiteral(", ")))
                           : QStringLiteral("Openfront's fetch (Node) refuses this certificate: "
                                            "install one from a public CA (e.g. Let's Encrypt) "
                                            "with its full chain.");
        } else if (days < m_options.expiryWarningDays) {
            s.severity = Severity::Warning;
            s.advice = QStringLiteral("Renew the certificate now: calls fail the day it expires.");
        } else if (socket->sessionProtocol() != QSsl::TlsV1_2 &&
                   socket->sessionProtocol() != QSsl::TlsV1_3) {
            s.severity = Severity::Warning;
            s.advice = QStringLiteral("Enable TLS 1.2 or 1.3 on the server.");
        }
        finishStep(s, Stage::HttpGet);
    });
    connect(socket, &QSslSocket::errorOccurred, this, [this, socket] {
        if (m_stage != Stage::Tls)
            return;
        ProbeStep s = step(QStringLiteral("tls"));
        s.severity = Severity::Failure;
        s.summary = QStringLiteral("handshake failed: %1").arg(socket->errorString());
        s.advice = QStringLiteral("The server's TLS setup is broken or speaks no TLS on this "
                                  "port.");
        m_timer->stop();
        dropSocket();
        failTarget(s, QStringLiteral("no TLS session"));
    });
    const quint16 port = quint16(m_target.url.port(443));
    socket->connectToHostEncrypted(m_connected.toString(), port, m_target.url.host());
}

void ConnectivityProbe::startHttp(const QByteArray &method)
{
    const bool tls = m_target.url.scheme() == QLatin1String("https");
    const bool post = method == "POST";
    const QString name = post ? QStringLiteral("http-post") : QStringLiteral("http-get");
    const quint16 port = quint16(m_target.url.port(tls ? 443 : 80));
    QTcpSocket *socket = newSocket(tls);
    m_received.clear();

    QByteArray hostHeader = m_target.url.host(QUrl::FullyEncoded).toLatin1();
    if (hostHeader.contains(':'))
        hostHeader = '[' + hostHeader + ']';
    if (m_target.url.port() > 0)
        hostHeader += ':' + QByteArray::number(m_target.url.port());
    QByteArray path = m_target.url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    if (m_target.url.hasQuery())
        path += '?' + m_target.url.query(QUrl::FullyEncoded).toLatin1();
    const QByteArray body = post ? QByteArrayLiteral("{}") : QByteArray();
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: " + hostHeader +
                         "\r\nUser-Agent: paybench-probe/" PAYBENCH_VERSION
                         "\r\nAccept: application/json\r\nConnection: close\r\n";
    if (post)
        request +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    request += "\r\n" + body;

    const Stage next = post ? Stage::Done : Stage::HttpPost;
    const auto judge = [this, name, post, next](bool closed) {
        const HttpAnswer answer = parseAnswer(m_received, closed);
        if (!answer.complete && !closed)
            return;
        ProbeStep s = step(name);
        s.details = OrderedValue::object({
            {QStringLiteral("status"), OrderedValue::number(answer.status)},
            {QStringLiteral("contentType"),
             OrderedValue::string(QString::fromLatin1(answer.contentType))},
            {QStringLiteral("bodyBytes"), OrderedValue::number(double(answer.body.size()))},
        });
        if (answer.status == 0) {
            s.severity = Severity::Failure;
            s.summary = QStringLiteral("no HTTP answer (%1 bytes that are not HTTP)")
                            .arg(m_received.size());
            s.advice = QStringLiteral("Something else listens on this port.");
        } else if (!post) {
            s.summary = QStringLiteral("GET answered %1 %2")
                            .arg(answer.status)
                            .arg(QString::fromLatin1(answer.reason));
            if (answer.status >= 200 && answer.status < 300) {
                s.severity = Severity::Warning;
                s.advice = QStringLiteral("The function answers GET with success: accept POST "
                                          "only (answer 405), as the documented handlers do.");
            } else if (answer.status >= 500) {
                s.severity = Severity::Warning;
                s.advice = QStringLiteral("A GET makes the server fail: refuse it with 405 "
                                          "instead.");
            }
        } else {
            const json::ParseResult parsed = json::parse(answer.body);
            const bool jsonType = answer.contentType.toLower().contains("json");
            s.summary = QStringLiteral("POST {} answered %1 %2, %3")
                            .arg(answer.status)
                            .arg(QString::fromLatin1(answer.reason),
                                 parsed.value ? QStringLiteral("JSON")
                                              : QStringLiteral("not JSON: ") +
                                                    QString::fromUtf8(answer.body.left(60)));
            if (!parsed.value) {
                s.severity = Severity::Failure;
                s.advice = QStringLiteral("Openfront parses every 2xx answer with "
                                          "response.json(): answer JSON, errors included.");
            } else if (!jsonType) {
                s.severity = Severity::Warning;
                s.advice = QStringLiteral("The body is JSON but labelled %1: send "
                                          "Content-Type: application/json.")
                               .arg(QString::fromLatin1(answer.contentType));
            } else if (answer.status >= 500) {
                s.severity = Severity::Warning;
                s.advice = QStringLiteral("An empty request makes the server fail: validate the "
                                          "body and answer 400 instead.");
            }
        }
        finishStep(s, next);
    };
    armTimer([this, name, next] {
        ProbeStep s = step(name);
        s.severity = Severity::Failure;
        s.summary = m_received.isEmpty()
                        ? QStringLiteral("no answer within %1 ms").arg(m_options.stepTimeoutMs)
                        : QStringLiteral("answer incomplete after %1 ms (%2 bytes)")
                              .arg(m_options.stepTimeoutMs)
                              .arg(m_received.size());
        s.advice = QStringLiteral("The function is too slow or hangs; Openfront's fetch has no "
                                  "time limit, so a checkout would hang with it.");
        finishStep(s, next);
    });
    connect(socket, &QTcpSocket::readyRead, this, [socket, this, judge] {
        m_received += socket->readAll();
        judge(false);
    });
    connect(socket, &QTcpSocket::disconnected, this, [socket, this, judge] {
        m_received += socket->readAll();
        judge(true);
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, name, next, judge] {
        if (socket->error() == QAbstractSocket::RemoteHostClosedError) {
            m_received += socket->readAll();
            judge(true);
            return;
        }
        ProbeStep s = step(name);
        s.severity = Severity::Failure;
        s.summary = QStringLiteral("%1 failed: %2").arg(name, socket->errorString());
        finishStep(s, next);
    });
    if (tls) {
        auto *ssl = static_cast<QSslSocket *>(socket);
        // Trust was judged in the tls step; here only the HTTP answer matters.
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->ignoreSslErrors(); });
        connect(ssl, &QSslSocket::encrypted, ssl, [ssl, request] { ssl->write(request); });
        ssl->connectToHostEncrypted(m_connected.toString(), port, m_target.url.host());
    } else {
        connect(socket, &QTcpSocket::connected, socket,
                [socket, request] { socket->write(request); });
        socket->connectToHost(m_connected, port);
    }
}

} // namespace paybench::support
