#include "DashboardPage.h"

#include <QLocale>

namespace paybench::gateway {
namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString time(const QDateTime &at)
{
    return esc(at.toUTC().toString(Qt::ISODateWithMs));
}

QString money(qint64 amount, const QString &currency)
{
    return esc(QStringLiteral("%1 %2 (minor units)").arg(amount).arg(currency));
}

QByteArray page(const QString &title, const QString &content)
{
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<title>%1</title><style>"
               "body{font-family:sans-serif;margin:2em;color:#222}"
               "table{border-collapse:collapse;margin:1em 0}"
               "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
               "th{background:#f4f4f4}.status{font-weight:bold}"
               "pre{white-space:pre-wrap;word-break:break-all;margin:0}"
               "</style></head><body><p><a href=\"/dashboard\">Paybench demo gateway</a></p>"
               "%2</body></html>\n")
        .arg(esc(title), content)
        .toUtf8();
}

} // namespace

QByteArray renderPaymentPage(const Payment &payment, const QVector<GatewayEvent> &events,
                             const QVector<WebhookDelivery> &deliveries)
{
    QString html = QStringLiteral("<h1>Payment %1</h1><table>").arg(esc(payment.id));
    const QList<QPair<QString, QString>> rows = {
        {QStringLiteral("Status"),
         QStringLiteral("<span class=\"status\">%1</span>").arg(esc(statusName(payment.status)))},
        {QStringLiteral("Amount"), money(payment.amount, payment.currency)},
        {QStringLiteral("Captured"), money(payment.capturedAmount, payment.currency)},
        {QStringLiteral("Refunded"), money(payment.refundedAmount, payment.currency)},
        {QStringLiteral("Cart"), esc(payment.cartId)},
        {QStringLiteral("Created"), time(payment.createdAt)},
        {QStringLiteral("Last change"), time(payment.updatedAt)},
    };
    for (const auto &[label, value] : rows)
        html += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>").arg(label, value);
    html += QStringLiteral("</table><h2>History</h2><table><tr><th>Time</th><th>Action</th>"
                           "<th>Status after</th><th>Amount</th><th>Reference</th><th>Note</th>"
                           "</tr>");
    for (const StateChange &change : payment.history) {
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td>"
                               "<td>%6</td></tr>")
                    .arg(time(change.at), esc(change.action), esc(statusName(change.status)))
                    .arg(change.amount)
                    .arg(esc(change.reference), esc(change.note));
    }
    html += QStringLiteral("</table><h2>Events</h2>");
    if (events.isEmpty())
        html += QStringLiteral("<p>No events.</p>");
    else
        html += QStringLiteral("<table><tr><th>Event</th><th>Type</th><th>Created</th>"
                               "<th>Delivery</th><th>Body</th></tr>");
    for (const GatewayEvent &event : events) {
        QString delivery = QStringLiteral("not sent (no webhook URL)");
        for (const WebhookDelivery &d : deliveries) {
            if (d.eventId == event.id) {
                delivery = QStringLiteral("%1 after %2 attempt(s)%3")
                               .arg(deliveryStateName(d.state))
                               .arg(d.attempts)
                               .arg(d.lastError.isEmpty() ? QString()
                                                          : QStringLiteral(": ") + d.lastError);
            }
        }
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td>"
                               "<td><pre>%5</pre></td></tr>")
                    .arg(esc(event.id), esc(event.type), time(event.created), esc(delivery),
                         esc(QString::fromUtf8(event.body)));
    }
    if (!events.isEmpty())
        html += QStringLiteral("</table>");
    return page(QStringLiteral("Payment ") + payment.id, html);
}

QByteArray renderPaymentList(const QVector<Payment> &payments)
{
    constexpr qsizetype kShown = 200;
    QString html =
        QStringLiteral("<h1>Payments</h1><p>%1 payment(s)%2.</p><table><tr>"
                       "<th>Payment</th><th>Status</th><th>Amount</th>"
                       "<th>Last change</th></tr>")
            .arg(payments.size())
            .arg(payments.size() > kShown ? QStringLiteral(", the newest %1 shown").arg(kShown)
                                          : QString());
    for (qsizetype i = payments.size() - 1; i >= 0 && i >= payments.size() - kShown; --i) {
        const Payment &p = payments[i];
        html += QStringLiteral("<tr><td><a href=\"/dashboard/payments/%1\">%1</a></td>"
                               "<td>%2</td><td>%3</td><td>%4</td></tr>")
                    .arg(esc(p.id), esc(statusName(p.status)), money(p.amount, p.currency),
                         time(p.updatedAt));
    }
    return page(QStringLiteral("Payments"), html + QStringLiteral("</table>"));
}

QByteArray renderNotFound(const QString &paymentId)
{
    return page(QStringLiteral("Unknown payment"),
                QStringLiteral("<h1>Unknown payment</h1><p>No payment %1 on this gateway.</p>")
                    .arg(esc(paymentId.left(100))));
}

} // namespace paybench::gateway
