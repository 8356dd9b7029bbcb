#include "capture/conversation_tunnels.h"

#include <algorithm>
#include <utility>

namespace wirecheck::capture {

void ConversationTunnels::Note(const Encapsulation& at) {
  if (at.stack == stack_) return;
  const bool was_inside = stack_ != 0;
  stack_ = at.stack;
  if (at.stack == 0) return;  // left its tunnels: nothing joins
  if (was_inside) {
    if (changes_ >= kZeekTunnelMaxChanges) return;
    ++changes_;
  }
  if (std::find(parents_.begin(), parents_.end(), at.parent) == parents_.end()) {
    parents_.push_back(at.parent);
  }
}

void ConversationTunnels::ApplyTo(Conversation* c) {
  c->tunnel_parents = std::move(parents_);
  if (x_at_ && *x_at_ <= c->history.size()) c->history.insert(*x_at_, 1, 'X');
}

}  // namespace wirecheck::capture
