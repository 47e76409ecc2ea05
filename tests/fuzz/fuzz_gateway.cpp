// The demo gateway reads raw bytes from any local client: guard, HTTP parsing and handlers.
// Every input is sent on a fresh loopback connection; the run waits for the answer or a close.
#include "DemoGateway.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

#include <cstddef>
#include <cstdint>

using paybench::gateway::DemoGateway;
using paybench::gateway::GatewayConfig;

namespace {

DemoGateway *gateway = nullptr;
quint16 port = 0;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    new QCoreApplication(*argc, *argv);
    gateway = new DemoGateway;
    GatewayConfig config;
    config.apiKey = QStringLiteral("k");
    config.webhookSecret = QStringLiteral("s");
    gateway->setConfig(config);
    port = gateway->start();
    if (port == 0)
        __builtin_trap();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(1000))
        __builtin_trap(); // the gateway stopped accepting: it is down
    socket.write(reinterpret_cast<const char *>(data), static_cast<qint64>(size));
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, &QEventLoop::quit);
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(30, &loop, &QEventLoop::quit);
    loop.exec();
    socket.abort();
    QCoreApplication::processEvents();
    return 0;
}
