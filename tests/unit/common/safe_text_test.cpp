// Agent text made safe for storage, JSON and terminals: U+FFFD for invalid UTF-8 and controls.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "util/safe_text.hpp"

using cb::util::safeLine;
using cb::util::safeText;

namespace {
const std::string kR = "\xEF\xBF\xBD";  // U+FFFD
}

TEST_CASE("valid text, multi-byte characters, newlines and tabs are kept as they are") {
  for (std::string s : {std::string(), std::string("plain ascii"), std::string("a\tb\nc\n"),
                        std::string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
                        std::string("\xEF\xBF\xBD already"), std::string("\xF4\x8F\xBF\xBF")}) {
    CHECK(safeText(s) == s);
  }
}

TEST_CASE("invalid bytes become U+FFFD, one per maximal invalid subpart") {
  CHECK(safeText("\xff\xfe-node") == kR + kR + "-node");
  CHECK(safeText("a\x80z") == "a" + kR + "z");               // stray continuation
  CHECK(safeText("a\xC3") == "a" + kR);                      // truncated at the end
  CHECK(safeText("\xE2\x82z") == kR + "z");                  // truncated 3-byte sequence
  CHECK(safeText("\xF0\x9F\x98") == kR);                     // truncated 4-byte sequence
  CHECK(safeText("\xC0\xAF") == kR + kR);                    // overlong '/'
  CHECK(safeText("\xE0\x80\xAF") == kR + kR + kR);           // overlong, 3 bytes
  CHECK(safeText("\xED\xA0\x80") == kR + kR + kR);           // surrogate U+D800
  CHECK(safeText("\xF4\x90\x80\x80") == kR + kR + kR + kR);  // above U+10FFFF
  CHECK(safeText("\xF5x") == kR + "x");
}

TEST_CASE("control characters other than newline and tab become U+FFFD") {
  CHECK(safeText("\x1b[2Jcleared") == kR + "[2Jcleared");
  CHECK(safeText("bell\a") == "bell" + kR);
  CHECK(safeText(std::string("a\0b", 3)) == "a" + kR + "b");
  CHECK(safeText("cr\r\n") == "cr" + kR + "\n");
  CHECK(safeText("del\x7f") == "del" + kR);
  CHECK(safeText("csi \xC2\x9B") == "csi " + kR);  // C1 control U+009B
}

TEST_CASE("safeLine also replaces newlines and tabs") {
  CHECK(safeLine("host\nname\t") == "host" + kR + "name" + kR);
  CHECK(safeLine("\xff\xfe-node") == kR + kR + "-node");
  CHECK(safeLine("node02") == "node02");
}

TEST_CASE("the result always serialises as JSON") {
  std::string nasty;
  for (int i = 0; i < 256; ++i) nasty.push_back(static_cast<char>(i));
  nasty += "\xE2\x82";  // ends truncated
  nlohmann::json j = {{"text", safeText(nasty)}, {"line", safeLine(nasty)}};
  auto parsed = nlohmann::json::parse(j.dump());
  CHECK(parsed["text"].get<std::string>().find('\x1b') == std::string::npos);
  CHECK(parsed["line"].get<std::string>().find('\n') == std::string::npos);
}
