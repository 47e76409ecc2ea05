#include "GatewayHttpServer.h"

#include <utility>

namespace paybench::gateway {

webhook::HeaderList requestHeaders(const QHttpServerRequest &request)
{
    webhook::HeaderList headers;
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const QHttpHeaders all = request.headers();
    for (qsizetype i = 0; i < all.size(); ++i)
        headers.append(
            {QByteArray(all.nameAt(i).data(), all.nameAt(i).size()), all.valueAt(i).toByteArray()});
#else
    for (const auto &[name, value] : request.headers())
        headers.append({name, value});
#endif
    return headers;
}

GatewayHttpServer::GatewayHttpServer(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent), m_handler(std::move(handler))
{}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
bool GatewayHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_handler(request, makeResponder(request, socket));
    return true;
}

void GatewayHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest takes every request.
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}
#else
bool GatewayHttpServer::handleRequest(const QHttpServerRequest &request,
                                      QHttpServerResponder &responder)
{
    m_handler(request, std::move(responder));
    return true;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
void GatewayHttpServer::missingHandler(const QHttpServerRequest &, QHttpServerResponder &&responder)
#else
void GatewayHttpServer::missingHandler(const QHttpServerRequest &, QHttpServerResponder &responder)
#endif
{
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}
#endif

} // namespace paybench::gateway
