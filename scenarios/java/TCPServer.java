import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The capitalize TCP server of the lecture notes, iterative: a welcome socket
 * and one client at a time. Reads a line, sends it back upper-cased, closes.
 *
 * <p>Usage: java TCPServer PORT [HOST] (HOST: 127.0.0.1)
 *
 * <p>Two changes from the slide: the connection socket is closed after each
 * reply (the slide never closes it), and text is UTF-8 both ways (the slide's
 * writeBytes() drops the high byte of every non-ASCII character).
 */
class TCPServer {
  public static void main(String[] argv) throws IOException {
    if (argv.length < 1 || argv.length > 2 || !isPort(argv[0])) {
      System.err.println("usage: java TCPServer PORT [HOST]");
      System.exit(2);
    }
    int port = Integer.parseInt(argv[0]);
    String host = argv.length == 2 ? argv[1] : "127.0.0.1";

    ServerSocket welcomeSocket = new ServerSocket();
    welcomeSocket.setReuseAddress(true);
    welcomeSocket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 5);
    System.out.println("The server is ready to receive on port " + welcomeSocket.getLocalPort());
    System.out.flush();

    while (true) {
      // try-with-resources closes the connection socket: the server's FIN.
      try (Socket connectionSocket = welcomeSocket.accept()) {
        BufferedReader inFromClient = new BufferedReader(
            new InputStreamReader(connectionSocket.getInputStream(), StandardCharsets.UTF_8));
        DataOutputStream outToClient = new DataOutputStream(connectionSocket.getOutputStream());
        String clientSentence = inFromClient.readLine();
        if (clientSentence != null) { // null: the client closed without a line
          String capitalizedSentence = clientSentence.toUpperCase(Locale.ROOT) + '\n';
          outToClient.write(capitalizedSentence.getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // One client's failure (a reset, say) does not stop the server.
        System.err.println("TCPServer: " + e.getMessage());
      }
    }
  }

  static boolean isPort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port >= 0 && port <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
