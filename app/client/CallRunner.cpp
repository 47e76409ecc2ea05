#include "CallRunner.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

namespace paybench::client {

using contract::CallResponse;
using contract::TransportOutcome;

struct CallRunner::Pending {
    contract::PreparedCall call;
    QPointer<QNetworkReply> reply;
    QTimer *timer = nullptr; // deleted later: its own timeout may be what ends the call
    QElapsedTimer clock;
    QDateTime startedAt;
    qint64 firstByteMs = -1;
    bool timedOut = false;
    bool cancelled = false;
    bool tooLarge = false;
    contract::CertificateInfo certificate;
};

namespace {

// No payment answer comes near this; an endpoint streaming without end must not eat the memory.
constexpr qint64 kMaxAnswerMiB = 16;
constexpr qint64 kMaxAnswerBytes = kMaxAnswerMiB * 1024 * 1024;

contract::CertificateInfo describeCertificate(const QSslCertificate &certificate)
{
    contract::CertificateInfo info;
    if (certificate.isNull())
        return info;
    info.subject = certificate.subjectDisplayName();
    info.issuer = certificate.issuerDisplayName();
    info.notBefore = certificate.effectiveDate();
    info.notAfter = certificate.expiryDate();
    return info;
}

TransportOutcome outcomeOf(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::HostNotFoundError:
        return TransportOutcome::HostNotFound;
    case QNetworkReply::ConnectionRefusedError:
        return TransportOutcome::ConnectionRefused;
    case QNetworkReply::SslHandshakeFailedError:
        return TransportOutcome::TlsFailure;
    case QNetworkReply::TimeoutError:
        return TransportOutcome::Timeout;
    case QNetworkReply::OperationCanceledError:
        return TransportOutcome::Cancelled;
    default:
        return TransportOutcome::NetworkError;
    }
}

} // namespace

CallRunner::CallRunner(QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<paybench::contract::CallResult>();
    // Each call is judged on its own: no cookies, no cache, no reuse of credentials.
    m_network->setCookieJar(nullptr);
}

CallRunner::~CallRunner()
{
    // Silence the replies first: no signal may reach a half-destroyed runner.
    for (Pending *pending : std::as_const(m_pending)) {
        if (pending->reply) {
            pending->reply->disconnect(this);
            pending->reply->abort();
            pending->reply->deleteLater();
        }
        delete pending->timer;
        delete pending;
    }
    m_pending.clear();
}

quint64 CallRunner::send(const contract::PreparedCall &call, const CallOptions &options)
{
    const quint64 id = m_nextId++;
    // Not sent ends still asynchronously, so callers see the same order of events for every call.
    const auto notSent = [this, id, &call](const QString &reason) {
        QTimer::singleShot(0, this, [this, id, call, reason] { finishNotSent(id, call, reason); });
        return id;
    };
    if (!call.urlError.isEmpty() || !call.url.isValid())
        return notSent(call.urlError);
    const bool https = call.url.scheme() == QLatin1String("https");
    QList<QSslCertificate> trusted = options.extraCaCertificates;
    if (https && !call.caCertificateFile.isEmpty()) {
        QString error;
        const std::optional<QList<QSslCertificate>> platformCas =
            m_caCertificates.certificates(call.caCertificateFile, &error);
        if (!platformCas)
            return notSent(error);
        trusted += *platformCas;
    }

    auto *pending = new Pending;
    pending->call = call;
    pending->startedAt = QDateTime::currentDateTimeUtc();
    m_pending.insert(id, pending);

    QNetworkRequest request(call.url);
    for (const auto &header : call.headers)
        request.setRawHeader(header.first, header.second);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (https) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!trusted.isEmpty())
            tls.addCaCertificates(trusted);
        request.setSslConfiguration(tls);
    }

    pending->clock.start();
    QNetworkReply *reply = m_network->sendCustomRequest(request, call.method, call.body);
    pending->reply = reply;

    const auto markFirstByte = [pending] {
        if (pending->firstByteMs < 0)
            pending->firstByteMs = pending->clock.elapsed();
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, markFirstByte);
    connect(reply, &QNetworkReply::readyRead, this, [pending, reply, markFirstByte] {
        markFirstByte();
        if (reply->bytesAvailable() > kMaxAnswerBytes) {
            pending->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::sslErrors, this,
            [pending, reply, ignore = options.ignoreTlsErrors](const QList<QSslError> &errors) {
                QSslCertificate presented;
                for (const QSslError &error : errors) {
                    pending->certificate.errors.append(error.errorString());
                    if (presented.isNull())
                        presented = error.certificate();
                }
                if (presented.isNull() && !reply->sslConfiguration().peerCertificate().isNull())
                    presented = reply->sslConfiguration().peerCertificate();
                const QStringList errorTexts = pending->certificate.errors;
                pending->certificate = describeCertificate(presented);
                pending->certificate.errors = errorTexts;
                if (ignore) {
                    pending->certificate.errorsIgnored = true;
                    reply->ignoreSslErrors();
                }
            });
    connect(reply, &QNetworkReply::finished, this, [this, id] { finish(id); });

    pending->timer = new QTimer;
    pending->timer->setSingleShot(true);
    connect(pending->timer, &QTimer::timeout, this, [pending] {
        pending->timedOut = true;
        if (pending->reply)
            pending->reply->abort();
    });
    pending->timer->start(call.timeoutMs);
    return id;
}

void CallRunner::cancel(quint64 id)
{
    Pending *pending = m_pending.value(id);
    if (!pending || !pending->reply)
        return;
    pending->cancelled = true;
    pending->reply->abort();
    // Should the aborted reply not report back, end the call from the event loop (never from
    // inside cancel(), so callers may start a new call right after cancelling).
    QTimer::singleShot(0, this, [this, id] {
        if (m_pending.contains(id))
            finish(id);
    });
}

void CallRunner::cancelAll()
{
    const QList<quint64> ids = m_pending.keys();
    for (quint64 id : ids)
        cancel(id);
}

void CallRunner::finishNotSent(quint64 id, const contract::PreparedCall &call,
                               const QString &reason)
{
    CallResponse response;
    response.outcome = TransportOutcome::NotSent;
    response.transportError = reason;
    response.startedAt = QDateTime::currentDateTimeUtc();
    response.timings.totalMs = 0;
    emit callFinished(id, contract::evaluateCall(call, response));
}

void CallRunner::finish(quint64 id)
{
    Pending *pending = m_pending.take(id);
    if (!pending)
        return;
    pending->timer->stop();
    pending->timer->deleteLater();
    QNetworkReply *reply = pending->reply;
    reply->disconnect(this);

    CallResponse response;
    response.startedAt = pending->startedAt;
    response.timings.totalMs = pending->clock.elapsed();
    response.timings.firstByteMs = pending->firstByteMs;
    response.timings.requestBytes = pending->call.body.size();
    response.certificate = pending->certificate;

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (pending->timedOut) {
        response.outcome = TransportOutcome::Timeout;
        response.transportError =
            QStringLiteral("no answer within %1 ms").arg(pending->call.timeoutMs);
    } else if (pending->tooLarge) {
        response.outcome = TransportOutcome::NetworkError;
        response.transportError = QStringLiteral("the answer is larger than %1 MiB; Paybench "
                                                 "stopped reading it")
                                      .arg(kMaxAnswerMiB);
    } else if (pending->cancelled) {
        response.outcome = TransportOutcome::Cancelled;
        response.transportError = QStringLiteral("cancelled by the user");
    } else if (status.isValid()) {
        // Qt reports 4xx/5xx as errors too; for us they are answers.
        response.outcome = TransportOutcome::Completed;
        response.httpStatus = status.toInt();
        response.reasonPhrase =
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        response.headers = reply->rawHeaderPairs();
        response.body = reply->readAll();
        response.timings.responseBytes = response.body.size();
    } else {
        response.outcome = reply->error() == QNetworkReply::NoError ? TransportOutcome::NetworkError
                                                                    : outcomeOf(reply->error());
        response.transportError = reply->errorString();
        if (response.outcome == TransportOutcome::TlsFailure && response.certificate.isEmpty()) {
            const QStringList errors = response.certificate.errors;
            response.certificate = describeCertificate(reply->sslConfiguration().peerCertificate());
            response.certificate.errors = errors;
        }
        if (response.outcome == TransportOutcome::TlsFailure &&
            response.certificate.errors.isEmpty())
            response.certificate.errors.append(reply->errorString());
    }
    const contract::PreparedCall call = pending->call;
    reply->deleteLater();
    delete pending;
    emit callFinished(id, contract::evaluateCall(call, response));
}

} // namespace paybench::client
