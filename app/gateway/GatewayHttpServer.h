#pragma once

#include "WebhookSigner.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>

#include <functional>

namespace paybench::gateway {

// A request's headers as received, names and values as bytes, on every Qt version.
webhook::HeaderList requestHeaders(const QHttpServerRequest &request);

// Qt HttpServer without its router: every request the connection guard let through goes to one
// handler, which owns the responder (and may answer later).
class GatewayHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Handler = std::function<void(const QHttpServerRequest &, QHttpServerResponder &&)>;

    explicit GatewayHttpServer(Handler handler, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(GatewayHttpServer)

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    void missingHandler(const QHttpServerRequest &request,
                        QHttpServerResponder &&responder) override;
#else
    // Qt 6.8 passes the responder by lvalue reference here too.
    void missingHandler(const QHttpServerRequest &request,
                        QHttpServerResponder &responder) override;
#endif
#endif

private:
    Handler m_handler;
};

} // namespace paybench::gateway
