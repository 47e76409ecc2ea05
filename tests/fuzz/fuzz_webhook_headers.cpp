// Signature headers come from whoever posts a webhook. Input: header lines ("name: value"),
// an empty line, then the body.
#include "WebhookSigner.h"

#include <cstddef>
#include <cstdint>

using namespace paybench::webhook;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype split = bytes.indexOf("\n\n");
    const QByteArray head = split < 0 ? bytes : bytes.left(split);
    const QByteArray body = split < 0 ? QByteArray() : bytes.mid(split + 2);
    HeaderList headers;
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    for (Scheme scheme : {Scheme::Gateway, Scheme::Stripe, Scheme::Standard}) {
        const WebhookSigner signer(scheme,
                                   QByteArrayLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                                   [] { return qint64(1700000000); });
        static_cast<void>(signer.verify(body, headers, 300));
    }
    return 0;
}
