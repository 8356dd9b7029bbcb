#include "capture/conversation.h"

#include <chrono>

namespace wirecheck::capture {

std::string_view TcpStateName(TcpState state) {
  switch (state) {
    case TcpState::kClosed: return "CLOSED";
    case TcpState::kListen: return "LISTEN";
    case TcpState::kSynSent: return "SYN-SENT";
    case TcpState::kSynReceived: return "SYN-RECEIVED";
    case TcpState::kEstablished: return "ESTABLISHED";
    case TcpState::kFinWait1: return "FIN-WAIT-1";
    case TcpState::kFinWait2: return "FIN-WAIT-2";
    case TcpState::kClosing: return "CLOSING";
    case TcpState::kTimeWait: return "TIME-WAIT";
    case TcpState::kCloseWait: return "CLOSE-WAIT";
    case TcpState::kLastAck: return "LAST-ACK";
  }
  return "?";
}

double Conversation::duration_seconds() const {
  return std::chrono::duration<double>(zeek_last_ts - first_ts).count();
}

}  // namespace wirecheck::capture
