#include "wire/sample_codec.hpp"

namespace cb::wire {

void writeSamples(const bench::Samples& samples, capnp::List<proto::Sample>::Builder out) {
  for (unsigned i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    auto b = out[i];
    b.setMetric(s.metric);
    b.setValue(s.value);
    b.setUnit(s.unit);
    auto labels = b.initLabels(static_cast<unsigned>(s.labels.size()));
    unsigned j = 0;
    for (const auto& [k, v] : s.labels) {
      labels[j].setName(k);
      labels[j].setValue(v);
      ++j;
    }
  }
}

bench::Samples readSamples(capnp::List<proto::Sample>::Reader in) {
  bench::Samples out;
  for (auto s : in) {
    bench::Sample sample{s.getMetric(), s.getValue(), s.getUnit(), {}};
    for (auto l : s.getLabels()) sample.labels[l.getName()] = l.getValue();
    out.push_back(std::move(sample));
  }
  return out;
}

}  // namespace cb::wire
