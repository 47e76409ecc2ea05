#include "FailureClass.h"

namespace paybench::contract {

QString failureClassName(FailureClass failure)
{
    switch (failure) {
    case FailureClass::None:
        return QStringLiteral("none");
    case FailureClass::BadUrl:
        return QStringLiteral("bad-url");
    case FailureClass::DnsFailure:
        return QStringLiteral("dns-failure");
    case FailureClass::ConnectionRefused:
        return QStringLiteral("connection-refused");
    case FailureClass::TlsFailure:
        return QStringLiteral("tls-failure");
    case FailureClass::Timeout:
        return QStringLiteral("timeout");
    case FailureClass::Cancelled:
        return QStringLiteral("cancelled");
    case FailureClass::NetworkError:
        return QStringLiteral("network-error");
    case FailureClass::Redirect:
        return QStringLiteral("redirect");
    case FailureClass::HttpErrorStatus:
        return QStringLiteral("http-error-status");
    case FailureClass::EmptyBody:
        return QStringLiteral("empty-body");
    case FailureClass::NonJsonBody:
        return QStringLiteral("non-json-body");
    case FailureClass::WrongContentType:
        return QStringLiteral("wrong-content-type");
    }
    return {};
}

QString failureClassTitle(FailureClass failure)
{
    switch (failure) {
    case FailureClass::None:
        return QStringLiteral("No failure");
    case FailureClass::BadUrl:
        return QStringLiteral("Bad URL");
    case FailureClass::DnsFailure:
        return QStringLiteral("DNS failure");
    case FailureClass::ConnectionRefused:
        return QStringLiteral("Connection refused");
    case FailureClass::TlsFailure:
        return QStringLiteral("TLS failure");
    case FailureClass::Timeout:
        return QStringLiteral("Timeout");
    case FailureClass::Cancelled:
        return QStringLiteral("Cancelled");
    case FailureClass::NetworkError:
        return QStringLiteral("Network error");
    case FailureClass::Redirect:
        return QStringLiteral("Redirect");
    case FailureClass::HttpErrorStatus:
        return QStringLiteral("HTTP error status");
    case FailureClass::EmptyBody:
        return QStringLiteral("Empty body");
    case FailureClass::NonJsonBody:
        return QStringLiteral("Body is not JSON");
    case FailureClass::WrongContentType:
        return QStringLiteral("Wrong content type");
    }
    return {};
}

QString failureClassExplanation(FailureClass failure)
{
    switch (failure) {
    case FailureClass::None:
        return {};
    case FailureClass::BadUrl:
        return QStringLiteral(
            "The function's target is not an absolute http:// or https:// URL, so there is "
            "nothing to call. Check the platform's function fields for typos, a missing scheme or "
            "a built-in adapter name (stripe, paypal, manual) where a URL was meant.");
    case FailureClass::DnsFailure:
        return QStringLiteral(
            "The host name could not be turned into an address. Usually a typo in the host, a "
            "domain that is not registered or not yet propagated, or a name that only resolves "
            "inside a VPN or company network this machine is not on.");
    case FailureClass::ConnectionRefused:
        return QStringLiteral(
            "The machine answered, but nothing accepts connections on that port. The service is "
            "not running, listens on another port, or listens only on another interface (for "
            "example 127.0.0.1 inside a container).");
    case FailureClass::TlsFailure:
        return QStringLiteral(
            "The secure connection could not be set up. Usually the certificate is self-signed, "
            "expired, issued for another host name, or its chain is incomplete on the server. "
            "Openfront's fetch rejects such certificates too: fix the certificate, or add your "
            "test CA to the platform in Paybench.");
    case FailureClass::Timeout:
        return QStringLiteral(
            "No complete answer arrived within the time limit of the call. The endpoint may be "
            "waiting on the payment gateway, stuck, or behind a firewall that silently drops "
            "packets. Openfront itself sets no timeout, so a hanging endpoint hangs checkout.");
    case FailureClass::Cancelled:
        return QStringLiteral("The call was cancelled before the answer arrived.");
    case FailureClass::NetworkError:
        return QStringLiteral(
            "The connection failed below HTTP: it was reset, the network is unreachable, or a "
            "proxy refused it. Try again, then check proxies and firewalls between here and the "
            "endpoint.");
    case FailureClass::Redirect:
        return QStringLiteral(
            "The endpoint answered with a redirect instead of an answer. Paybench does not follow "
            "it, because the request carries credentials. A moved URL, an http to https upgrade "
            "or a missing trailing slash are the usual causes: configure the final URL instead.");
    case FailureClass::HttpErrorStatus:
        return QStringLiteral(
            "The endpoint answered with an error status. 401/403: the credentials are wrong or "
            "missing; 404: wrong path; 405: wrong method; 5xx: the endpoint crashed or its "
            "gateway failed. Openfront discards the body of any non-2xx answer.");
    case FailureClass::EmptyBody:
        return QStringLiteral(
            "The endpoint answered successfully but sent no body. Openfront parses every 2xx "
            "answer as JSON, so an empty body fails the whole operation. Return the documented "
            "JSON object.");
    case FailureClass::NonJsonBody:
        return QStringLiteral(
            "The body is not JSON. Often an HTML error page from a proxy or framework, a debug "
            "print before the JSON, or a string built by hand. Openfront's response.json() fails "
            "on it.");
    case FailureClass::WrongContentType:
        return QStringLiteral(
            "The body is JSON but is not labelled Content-Type: application/json. Openfront still "
            "parses it, but proxies, caches and other clients may not. Send the right header.");
    }
    return {};
}

} // namespace paybench::contract
