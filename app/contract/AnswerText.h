#pragma once

#include "OrderedJson.h"
#include "SecretMasker.h"
#include "WebhookSigner.h"

#include <QString>
#include <QUrl>

// How judges quote what came: short, printable, masked.
namespace paybench::contract::answer {

QString typeName(const json::OrderedValue &value); // "null", "string", ...
// A short, masked rendering of a value for the "actual" column.
QString shown(const json::OrderedValue &value, const SecretMasker &masker);
// The first bytes of a body, printable, for "it is not JSON" findings.
QString firstBytes(const QByteArray &body, const SecretMasker &masker);
QByteArray headerValue(const webhook::HeaderList &headers, const QByteArray &name);
bool isLoopback(const QUrl &url);

} // namespace paybench::contract::answer
