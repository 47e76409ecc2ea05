#pragma once

#include <QEventLoop>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace paybench {

// For the CLI and tests: starts an asynchronous operation and spins a local event loop until it
// reports or the timeout passes (nullopt). A report that comes after the timeout is dropped
// safely, so start's callback may outlive this call.
template <typename T>
std::optional<T> waitForResult(std::chrono::milliseconds timeout,
                               const std::function<void(std::function<void(T)> report)> &start)
{
    struct State {
        std::optional<T> result;
        bool closed = false; // the caller stopped waiting
        QPointer<QEventLoop> loop;
    };
    auto state = std::make_shared<State>();
    start([state](T value) {
        if (state->closed || state->result)
            return;
        state->result = std::move(value);
        if (state->loop)
            state->loop->quit();
    });
    if (!state->result) {
        QEventLoop loop;
        state->loop = &loop;
        QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
        loop.exec();
    }
    state->closed = true;
    return std::move(state->result);
}

} // namespace paybench
