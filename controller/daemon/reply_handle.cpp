#include "daemon/reply_handle.hpp"

#include <algorithm>

#include "daemon/control_reply.hpp"
#include "schemas/control.capnp.h"

namespace cb::controller {

ReplyHandle::ReplyHandle(ControlSink& sink, std::string peer) : state_(std::make_shared<State>()) {
  state_->sink = &sink;
  state_->peer = std::move(peer);
}

ReplyHandle::State::~State() {
  if (!finished && sink != nullptr) {
    sink->sendTo(peer, errorReply("internal error: the controller dropped this request"));
  }
}

void ReplyHandle::progress(const std::string& line) const {
  if (!state_ || state_->finished) return;
  state_->sink->sendTo(state_->peer,
                       reply([&](ctl::Reply::Body::Builder b) { b.setProgress(line); }));
}

void ReplyHandle::finish(const std::string& bytes) const {
  if (!state_ || state_->finished) return;
  state_->finished = true;
  state_->sink->sendTo(state_->peer, bytes);
}

void OpenReplies::add(const ReplyHandle& handle) {
  if (handle.attached() && !handle.finished()) open_.push_back(handle.state_);
}

void OpenReplies::prune() {
  open_.erase(std::remove_if(open_.begin(), open_.end(),
                             [](const std::weak_ptr<ReplyHandle::State>& w) {
                               auto s = w.lock();
                               return !s || s->finished;
                             }),
              open_.end());
}

void OpenReplies::keepAlive() {
  prune();
  for (const auto& w : open_) {
    if (auto s = w.lock()) {
      s->sink->sendTo(s->peer, reply([](ctl::Reply::Body::Builder b) { b.setProgress(""); }));
    }
  }
}

std::size_t OpenReplies::size() {
  prune();
  return open_.size();
}

}  // namespace cb::controller
