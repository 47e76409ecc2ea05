#include "GatewayConfig.h"

#include <QHostAddress>

#include <iterator>

namespace paybench::gateway {

namespace {

constexpr Endpoint kEndpoints[] = {Endpoint::CreatePayment,       Endpoint::CapturePayment,
                                   Endpoint::RefundPayment,       Endpoint::GetPaymentStatus,
                                   Endpoint::GeneratePaymentLink, Endpoint::HandleWebhook,
                                   Endpoint::CancelPayment};

} // namespace

QList<Endpoint> allEndpoints()
{
    return {std::begin(kEndpoints), std::end(kEndpoints)};
}

QString endpointName(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::CreatePayment:
        return QStringLiteral("create-payment");
    case Endpoint::CapturePayment:
        return QStringLiteral("capture-payment");
    case Endpoint::RefundPayment:
        return QStringLiteral("refund-payment");
    case Endpoint::GetPaymentStatus:
        return QStringLiteral("get-payment-status");
    case Endpoint::GeneratePaymentLink:
        return QStringLiteral("generate-payment-link");
    case Endpoint::HandleWebhook:
        return QStringLiteral("handle-webhook");
    case Endpoint::CancelPayment:
        return QStringLiteral("cancel-payment");
    }
    return {};
}

QString endpointPath(Endpoint endpoint)
{
    return QStringLiteral("/api/") + endpointName(endpoint);
}

std::optional<Endpoint> endpointFromName(QStringView name)
{
    // Every request's path is looked up here: nothing is allocated.
    for (const Endpoint endpoint : kEndpoints) {
        if (endpointName(endpoint) == name)
            return endpoint;
    }
    return std::nullopt;
}

std::optional<Endpoint> endpointFromPath(QStringView path)
{
    const QLatin1String prefix("/api/");
    if (!path.startsWith(prefix))
        return std::nullopt;
    return endpointFromName(path.mid(prefix.size()));
}

QString faultBodyName(Fault::Body body)
{
    switch (body) {
    case Fault::Body::Normal:
        return QStringLiteral("normal");
    case Fault::Body::NotJson:
        return QStringLiteral("not-json");
    case Fault::Body::TruncatedJson:
        return QStringLiteral("truncated-json");
    }
    return {};
}

QString Fault::toString() const
{
    QStringList parts;
    if (latencyMs > 0)
        parts << QStringLiteral("latency=%1").arg(latencyMs);
    if (errorRate > 0)
        parts << QStringLiteral("error=%1:%2").arg(errorRate).arg(errorStatus);
    if (timeout)
        parts << QStringLiteral("timeout");
    if (body != Body::Normal)
        parts << QStringLiteral("body=") + faultBodyName(body);
    if (dropConnection)
        parts << QStringLiteral("drop");
    return parts.join(QLatin1Char(','));
}

std::optional<Fault> Fault::parse(const QString &text, QString *error)
{
    Fault fault;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString key = part.section(QLatin1Char('='), 0, 0).trimmed();
        const QString value = part.section(QLatin1Char('='), 1).trimmed();
        bool ok = true;
        if (key == QLatin1String("latency")) {
            fault.latencyMs = value.toInt(&ok);
            ok = ok && fault.latencyMs >= 0 && fault.latencyMs <= 600'000;
        } else if (key == QLatin1String("error")) {
            fault.errorRate = value.section(QLatin1Char(':'), 0, 0).toDouble(&ok);
            ok = ok && fault.errorRate >= 0 && fault.errorRate <= 1;
            if (ok && value.contains(QLatin1Char(':'))) {
                fault.errorStatus = value.section(QLatin1Char(':'), 1).toInt(&ok);
                ok = ok && fault.errorStatus >= 400 && fault.errorStatus <= 599;
            }
        } else if (key == QLatin1String("timeout") && value.isEmpty()) {
            fault.timeout = true;
        } else if (key == QLatin1String("drop") && value.isEmpty()) {
            fault.dropConnection = true;
        } else if (key == QLatin1String("body")) {
            if (value == faultBodyName(Body::NotJson))
                fault.body = Body::NotJson;
            else if (value == faultBodyName(Body::TruncatedJson))
                fault.body = Body::TruncatedJson;
            else
                ok = value == faultBodyName(Body::Normal);
        } else {
            ok = false;
        }
        if (!ok) {
            *error = QStringLiteral("cannot read fault '%1': use latency=MS, error=RATE[:STATUS] "
                                    "(rate 0..1, status 400..599), timeout, drop, "
                                    "body=not-json|truncated-json")
                         .arg(part);
            return std::nullopt;
        }
    }
    return fault;
}

QStringList GatewayConfig::validate() const
{
    QStringList problems;
    if (apiKey.isEmpty())
        problems << QStringLiteral("the API key is empty");
    if (webhookSecret.isEmpty())
        problems << QStringLiteral("the webhook secret is empty");
    if (QHostAddress(host).isNull() && host != QLatin1String("localhost"))
        problems << QStringLiteral("host '%1' is not an IP address or localhost").arg(host);
    if (!webhookUrl.isEmpty() && (!webhookUrl.isValid() || webhookUrl.host().isEmpty() ||
                                  (webhookUrl.scheme() != QLatin1String("http") &&
                                   webhookUrl.scheme() != QLatin1String("https"))))
        problems << QStringLiteral("the webhook URL must be an absolute http(s) URL");
    if (limits.maxConnections < 1 || limits.maxBodyBytes < 1 || limits.requestTimeoutMs < 1 ||
        limits.headerTimeoutMs < 1 || limits.idleTimeoutMs < 1 || limits.maxHeaderBytes < 256)
        problems << QStringLiteral("limits must be positive");
    if (webhookMaxAttempts < 1 || webhookBackoffMs < 0 || webhookTimeoutMs < 1)
        problems << QStringLiteral("webhook retry settings must be positive");
    return problems;
}

bool GatewayConfig::isExposed() const
{
    if (host == QLatin1String("localhost"))
        return false;
    return !QHostAddress(host).isLoopback();
}

} // namespace paybench::gateway
