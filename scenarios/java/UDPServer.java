import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The capitalize UDP server of the lecture notes: one datagram socket for
 * every client; each datagram goes back upper-cased to the address and port
 * it came from.
 *
 * <p>Usage: java UDPServer PORT [HOST] (HOST: 127.0.0.1)
 *
 * <p>One fix to the slide: it decodes getLength() bytes, not the whole
 * 1024-byte buffer (the slide's new String(getData()) answers with the
 * buffer's stale bytes and NULs after the sentence).
 */
class UDPServer {
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2 || !TCPServer.isPort(args[0])) {
      System.err.println("usage: java UDPServer PORT [HOST]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    String host = args.length == 2 ? args[1] : "127.0.0.1";

    DatagramSocket serverSocket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port));
    System.out.println("The server is ready to receive on port " + serverSocket.getLocalPort());
    System.out.flush();

    byte[] receiveData = new byte[65535];
    while (true) {
      DatagramPacket receivePacket = new DatagramPacket(receiveData, receiveData.length);
      serverSocket.receive(receivePacket);
      String sentence = new String(receivePacket.getData(), 0, receivePacket.getLength(),
          StandardCharsets.UTF_8);
      byte[] sendData = sentence.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      DatagramPacket sendPacket =
          new DatagramPacket(sendData, sendData.length, receivePacket.getSocketAddress());
      try {
        serverSocket.send(sendPacket);
      } catch (IOException e) {
        System.err.println("UDPServer: " + e.getMessage()); // lose this reply, serve on
      }
    }
  }
}
