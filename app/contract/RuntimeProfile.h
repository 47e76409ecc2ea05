#pragma once

#include "Finding.h"
#include "OrderedJson.h"
#include "PaymentFunction.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace paybench::contract {

struct CallResult;
struct CallTarget;
struct RequestParts;

// One way of calling a provider's functions and judging the answers: the documentation, or one
// Openfront version as its code really behaves (docs/openfront-runtime.md). Everything that
// differs between versions lives behind this interface; a new version is one more subclass
// registered in runtimeProfiles().
class RuntimeProfile
{
public:
    RuntimeProfile() = default;
    virtual ~RuntimeProfile() = default;
    RuntimeProfile(const RuntimeProfile &) = delete;
    RuntimeProfile &operator=(const RuntimeProfile &) = delete;
    RuntimeProfile(RuntimeProfile &&) = delete;
    RuntimeProfile &operator=(RuntimeProfile &&) = delete;

    // "documented", "openfront@55912a7", ...: used on the command line, in reports and history.
    [[nodiscard]] virtual QString name() const = 0;
    // For people: "Openfront 55912a7 (master of 2026-03-30)".
    [[nodiscard]] virtual QString title() const = 0;
    // What this profile sends and checks, in a few sentences for people (Help in the window).
    [[nodiscard]] virtual QString description() const = 0;
    [[nodiscard]] virtual bool isOpenfront() const = 0;
    // Whether this version ever calls the function; an answer to a function it never calls
    // cannot break it.
    [[nodiscard]] virtual bool callsFunction(PaymentFunction function) const = 0;
    // The request body this version sends for parts.spec.function.
    [[nodiscard]] virtual json::OrderedValue requestBody(const RequestParts &parts) const = 0;
    // What this version makes of a classified exchange (transport outcome, status, parsed answer).
    [[nodiscard]] virtual Verdict judge(const CallResult &result) const = 0;
    // Whether checkout with this provider instance can work on this version, from its
    // configuration alone: code, regions, function targets, environment.
    [[nodiscard]] virtual Verdict readiness(const CallTarget &target) const = 0;
};

// Every known profile: documented first, then each Openfront version, oldest first.
const QVector<const RuntimeProfile *> &runtimeProfiles();
const RuntimeProfile &documentedProfile();
// The newest known Openfront version (the one with a webhook route).
const RuntimeProfile &newestOpenfrontProfile();
const RuntimeProfile *findRuntimeProfile(const QString &name);
// The names accepted by selectRuntimeProfiles: every profile, then "openfront" (every Openfront
// version) and "all" (documented and every version).
QStringList knownProfileNames();
// A comma-separated list of names and groups, in the order given, without repeats. nullopt and a
// message listing the known names for an unknown or empty name.
std::optional<QVector<const RuntimeProfile *>> selectRuntimeProfiles(const QString &list,
                                                                     QString *error);

} // namespace paybench::contract
