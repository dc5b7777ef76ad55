// One row per sample: CSV quoting and columns, JSON objects, value and time formats.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/sample_export.hpp"

using namespace cb::report;

namespace {

SampleRow row() {
  SampleRow s;
  s.runId = 12;
  s.startedAt = 1700000000123;
  s.benchmark = "iperf3-client";
  s.node = "node02";
  s.environment = "vm";
  s.virtTech = "kvm";
  s.group = "vm";
  s.status = "succeeded";
  s.metric = "sent_bits_per_second";
  s.unit = "bit/s";
  s.value = 1.39e9;
  s.labels = {{"direction", "upload"}, {"streams", "2"}};
  s.runLabels = {{"suite", "seed, \"full\""}, {"repetition", "1"}};
  return s;
}

}  // namespace

TEST_SUITE("report") {
  TEST_CASE("report export: CSV fields are quoted as RFC 4180 says") {
    CHECK(csvField("plain") == "plain");
    CHECK(csvField("") == "");
    CHECK(csvField("a,b") == "\"a,b\"");
    CHECK(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csvField("two\nlines") == "\"two\nlines\"");
    CHECK(csvField("cr\r") == "\"cr\r\"");
    CHECK(csvField(" padded") == "\" padded\"");
  }

  TEST_CASE("report export: values and times") {
    CHECK(valueText(1.39e9) == "1390000000");
    CHECK(valueText(0.1) == "0.1");
    CHECK(valueText(0.0000123) == "0.0000123");
    CHECK(valueText(1e-9) == "1e-09");
    CHECK(valueText(0) == "0");
    CHECK(std::stod(valueText(1.0 / 3)) == 1.0 / 3);  // reads back exactly
    CHECK(valueText(std::numeric_limits<double>::quiet_NaN()).empty());
    CHECK(valueText(-std::numeric_limits<double>::infinity()) == "-inf");
    CHECK(isoTime(1700000000123) == "2023-11-14T22:13:20.123Z");
    CHECK(isoTime(0) == "1970-01-01T00:00:00.000Z");
    CHECK(isoTime(-1) == "1969-12-31T23:59:59.999Z");
  }

  TEST_CASE("report export: CSV has fixed fields then sorted label columns") {
    std::ostringstream out;
    const SampleRow s = row();
    const Labels flat = flatLabels(s);
    std::set<std::string> keys;
    for (const auto& [k, v] : flat) keys.insert(k);
    keys.insert("zz_absent");
    {
      CsvSampleWriter w(out, keys);
      w.add(s);
    }
    CHECK(out.str() ==
          "run_id,started_at,node,environment,virt_tech,group,benchmark,metric,unit,value,status,"
          "direction,run.repetition,run.suite,streams,zz_absent\r\n"
          "12,2023-11-14T22:13:20.123Z,node02,vm,kvm,vm,iperf3-client,sent_bits_per_second,"
          "bit/s,1390000000,succeeded,upload,1,\"seed, \"\"full\"\"\",2,\r\n");
  }

  TEST_CASE("report export: JSON is an array of one object per sample") {
    std::ostringstream out;
    JsonSampleWriter w(out);
    SampleRow s = row();
    w.add(s);
    s.value = std::numeric_limits<double>::quiet_NaN();
    s.metric = "retransmits";
    w.add(s);
    w.finish();
    const auto doc = nlohmann::json::parse(out.str());
    REQUIRE(doc.is_array());
    REQUIRE(doc.size() == 2);
    CHECK(doc[0]["run_id"] == 12);
    CHECK(doc[0]["node"] == "node02");
    CHECK(doc[0]["environment"] == "vm");
    CHECK(doc[0]["value"].get<double>() == 1.39e9);
    CHECK(doc[0]["labels"]["direction"] == "upload");
    CHECK(doc[0]["labels"]["run.suite"] == "seed, \"full\"");
    CHECK(doc[1]["value"].is_null());
    // One object per line: line-oriented tools can read it too.
    const std::string text = out.str();
    CHECK(std::count(text.begin(), text.end(), '\n') == 4);

    std::ostringstream empty;
    JsonSampleWriter none(empty);
    none.finish();
    CHECK(nlohmann::json::parse(empty.str()).empty());
  }
}
