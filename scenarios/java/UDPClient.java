import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The capitalize UDP client of the lecture notes: reads a line from stdin,
 * sends it with its newline as one datagram, prints the reply datagram as
 * "FROM SERVER: ..." and closes. UDP does not retransmit: with no reply
 * within 5 seconds it gives up.
 *
 * <p>Usage: java UDPClient HOST PORT &lt; line. Exit status: 0 replied, 1 an
 * I/O error or no reply, 2 bad usage.
 */
class UDPClient {
  public static void main(String[] args) {
    if (args.length != 2 || !TCPServer.isPort(args[1])) {
      System.err.println("usage: java UDPClient HOST PORT < line");
      System.exit(2);
    }
    System.exit(run(args[0], Integer.parseInt(args[1])));
  }

  static int run(String host, int port) {
    BufferedReader inFromUser =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (DatagramSocket clientSocket = new DatagramSocket()) {
      InetAddress ipAddress = InetAddress.getByName(host);
      String sentence = inFromUser.readLine();
      if (sentence == null) {
        System.err.println("UDPClient: no line on stdin");
        return 1;
      }
      byte[] sendData = (sentence + '\n').getBytes(StandardCharsets.UTF_8);
      clientSocket.send(new DatagramPacket(sendData, sendData.length, ipAddress, port));

      byte[] receiveData = new byte[65535];
      DatagramPacket receivePacket = new DatagramPacket(receiveData, receiveData.length);
      clientSocket.setSoTimeout(5000);
      clientSocket.receive(receivePacket);
      String modifiedSentence = new String(receivePacket.getData(), 0,
          receivePacket.getLength(), StandardCharsets.UTF_8);
      if (modifiedSentence.endsWith("\n")) {
        modifiedSentence = modifiedSentence.substring(0, modifiedSentence.length() - 1);
      }
      System.out.println("FROM SERVER: " + modifiedSentence);
      return 0;
    } catch (SocketTimeoutException e) {
      System.err.println("UDPClient: no reply within 5 s");
      return 1;
    } catch (IOException e) {
      System.err.println("UDPClient: " + e.getMessage());
      return 1;
    }
  }
}
