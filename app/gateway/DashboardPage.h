#pragma once

#include "DemoGateway.h"

namespace paybench::gateway {

// The gateway's HTML pages (what generate-payment-link points at). Every value is escaped.
QByteArray renderPaymentPage(const Payment &payment, const QVector<GatewayEvent> &events,
                             const QVector<WebhookDelivery> &deliveries);
QByteArray renderPaymentList(const QVector<Payment> &payments);
QByteArray renderNotFound(const QString &paymentId);

} // namespace paybench::gateway
