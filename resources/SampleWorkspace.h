#pragma once

#include <QByteArray>
#include <QString>

namespace paybench {

// The workspace that opens on first start: one platform on the embedded demo gateway's
// conventional URLs and one sandbox provider instance.
inline constexpr quint16 kDemoGatewayPort = 4242;
inline constexpr const char *kDemoGatewayApiKey = "demo_api_key";
inline constexpr const char *kDemoGatewayWebhookSecret = "demo_webhook_secret";

QString sampleWorkspaceResource(); // ":/paybench/workspaces/sample.paybench.json"
QByteArray sampleWorkspaceJson();

} // namespace paybench
