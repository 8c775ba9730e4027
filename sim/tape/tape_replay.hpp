// Replays a tape: a DecisionOverride that answers each decision the run asks with the tape's next
// one, as long as the two agree on the site key (site, fault, subject, index) and the value fits
// the question. At the first disagreement (the scenario or the code changed, or the tape was
// edited into another path) the replay stops, says where and how in divergence(), and the run goes
// on from the tape's seed. Since a seed's answer depends on the key alone, a tape replayed past an
// edit still agrees with the seed wherever the run asks what it asked before.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/faults/fault_table.hpp"
#include "sim/tape/tape_format.hpp"

namespace sagasim {

class TapeReplay final : public DecisionOverride {
public:
    // `faults` are the identities of the scenario being run (to match the tape's fault ids).
    TapeReplay(const Tape& tape, const std::vector<FaultIdentity>& faults);
    bool answer(Decision& d) override;
    // After the run: whether it followed the tape to its end, and if not, why (empty when it did).
    // Also reports a run that stopped asking before the tape's end.
    std::string divergence() const;
    uint64_t replayed() const { return next_; }

private:
    std::string describe(Site site, uint64_t fault_key, const std::string& fault_id, int64_t order) const;
    void diverge(std::string why);

    const Tape& tape_;
    std::vector<uint64_t> fault_keys_;  // per tape fault id: the run's key, or 0 if the run has none
    const std::vector<FaultIdentity>& faults_;
    size_t next_ = 0;
    bool diverged_ = false;
    std::string why_;
};

}  // namespace sagasim
